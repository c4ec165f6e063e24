import { describe, expect, it } from 'vitest';
import { collectAdvanced, collectNics, parseInteger, parseMegabytes, parseNic, parseSwitch } from './parsers.js';

describe('parseNic', () => {
  it.each([
    ['virtio:nat', { type: 'virtio', attachment: 'nat' }],
    ['VIRTIO:NAT', { type: 'virtio', attachment: 'nat' }],
    ['82540em:bridged', { type: '82540EM', attachment: 'bridged' }],
    ['Am79C973:virtual', { type: 'Am79C973', attachment: 'virtual' }],
    ['82545EM:virtual:1', { type: '82545EM', attachment: 'virtual', network: 1 }],
    ['82545EM:Virtual:50', { type: '82545EM', attachment: 'virtual', network: 50 }],
  ])('reads %s', (text, expected) => {
    expect(parseNic(text)).toEqual(expected);
  });

  it.each([
    ['virtio', /TYPE:ATTACHMENT/],
    ['virtio:nat:1:2', /TYPE:ATTACHMENT/],
    ['e1000:nat', /unknown network card type "e1000"/],
    ['virtio:wifi', /unknown attachment "wifi"/],
    ['virtio:nat:3', /only virtual attachments/],
    ['virtio:virtual:51', /out of range/],
    ['virtio:virtual:0', /out of range/],
    ['virtio:virtual:x', /not a whole number/],
  ])('rejects %s', (text, message) => {
    expect(() => parseNic(text)).toThrow(message);
  });
});

describe('collectNics', () => {
  it('adds one card per occurrence', () => {
    expect(collectNics('virtio:virtual:2', collectNics('virtio:nat', undefined))).toEqual([
      { type: 'virtio', attachment: 'nat' },
      { type: 'virtio', attachment: 'virtual', network: 2 },
    ]);
  });
  it('takes none as no cards, but not beside others', () => {
    expect(collectNics('none', undefined)).toEqual([]);
    expect(() => collectNics('none', [{ type: 'virtio', attachment: 'nat' }])).toThrow(/cannot be combined/);
  });
  it('stops at eight cards', () => {
    let nics = collectNics('virtio:nat', undefined);
    for (let i = 0; i < 7; i++) nics = collectNics('virtio:nat', nics);
    expect(nics).toHaveLength(8);
    expect(() => collectNics('virtio:nat', nics)).toThrow(/at most 8/);
  });
});

describe('parseMegabytes', () => {
  it.each([
    ['2048', 2048],
    ['512M', 512],
    ['512mb', 512],
    ['2G', 2048],
    ['1.5GiB', 1536],
    ['1T', 1048576],
  ])('reads %s as %d MB', (text, mb) => {
    expect(parseMegabytes(text)).toBe(mb);
  });
  it.each(['', 'lots', '2X', '-1', '0.3M'])('rejects %j', (text) => {
    expect(() => parseMegabytes(text)).toThrow();
  });
});

describe('parseInteger', () => {
  it('reads whole numbers within bounds', () => {
    expect(parseInteger('7', 1, 10)).toBe(7);
    expect(() => parseInteger('11', 1, 10)).toThrow(/out of range/);
    expect(() => parseInteger('1.5')).toThrow(/whole number/);
    expect(() => parseInteger('two')).toThrow(/whole number/);
  });
});

describe('parseSwitch', () => {
  it.each([['on', true], ['YES', true], ['true', true], ['off', false], ['no', false], ['False', false]])('reads %s', (text, value) => {
    expect(parseSwitch(text)).toBe(value);
  });
  it('rejects anything else', () => {
    expect(() => parseSwitch('maybe')).toThrow(/not on or off/);
  });
});

describe('collectAdvanced', () => {
  it('types numbers and switches and keeps other text', () => {
    let advanced = collectAdvanced('cpuCount=2', undefined);
    advanced = collectAdvanced('ioapic=off', advanced);
    advanced = collectAdvanced('chipset=ich9', advanced);
    expect(advanced).toEqual({ cpuCount: 2, ioapic: false, chipset: 'ich9' });
  });
  it('rejects text without KEY=', () => {
    expect(() => collectAdvanced('cpuCount', undefined)).toThrow(/KEY=VALUE/);
  });
});
