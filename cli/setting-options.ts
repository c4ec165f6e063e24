import type { CliOption } from './command.js';

/** An option that fills one field of an API body (`--os-type` fills `osType`). */
export interface SettingOption extends CliOption {
  field: string;
}

export function settingOptions(settings: readonly SettingOption[]): CliOption[] {
  return settings.map(({ field: _field, ...option }) => option);
}

/** The API body for the settings given on the command line; settings not given are left out. */
export function settingsBody(settings: readonly SettingOption[], options: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const setting of settings) {
    const value = options[optionKey(setting.flags)];
    if (value !== undefined) body[setting.field] = value;
  }
  return body;
}

/** Commander's property for a long flag: `--os-type <type>` is `osType`. */
export function optionKey(flags: string): string {
  const long = /--([a-z0-9-]+)/.exec(flags)![1]!;
  return long.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
