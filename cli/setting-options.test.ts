import { describe, expect, it } from 'vitest';
import { optionKey, settingOptions, settingsBody, type SettingOption } from './setting-options.js';

const SETTINGS: SettingOption[] = [
  { field: 'osType', flags: '--os-type <type>', description: 'OS type' },
  { field: 'ramMb', flags: '--ram <size>', description: 'memory' },
  { field: 'threeD', flags: '--three-d <on|off>', description: '3D' },
];

describe('setting options', () => {
  it('names the property commander gives each flag', () => {
    expect(optionKey('--os-type <type>')).toBe('osType');
    expect(optionKey('--three-d <on|off>')).toBe('threeD');
    expect(optionKey('--ram <size>')).toBe('ram');
  });
  it('fills only the fields whose options were given, including false', () => {
    expect(settingsBody(SETTINGS, { osType: 'DOS', threeD: false, json: true })).toEqual({ osType: 'DOS', threeD: false });
  });
  it('offers the options without their field', () => {
    expect(settingOptions(SETTINGS)[0]).toEqual({ flags: '--os-type <type>', description: 'OS type' });
  });
});
