/**
 * Drive sizes: whole MiB (every zvol block size divides that), from 1 MiB to 256 TiB.
 * People write them as 512M, 10G, 2T; the API takes bytes.
 */
export const MIB = 1024 * 1024;
export const MAX_DRIVE_BYTES = 256 * 1024 ** 4;

const UNITS: Record<string, number> = { '': 1, K: 1024, M: MIB, G: 1024 ** 3, T: 1024 ** 4 };

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a size; write it like 512M, 10G or 2T`);
  return Math.round(Number(match[1]) * UNITS[match[2]!.toUpperCase()]!);
}

export function formatSize(bytes: number): string {
  for (const [unit, factor] of [['T', 1024 ** 4], ['G', 1024 ** 3], ['M', MIB], ['K', 1024]] as const) {
    if (bytes >= factor) {
      const value = bytes / factor;
      return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`;
    }
  }
  return `${bytes}B`;
}

/** Why a drive size is unusable, or undefined when it is fine. */
export function driveSizeProblem(bytes: number): string | undefined {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) return 'A drive size must be a positive whole number of bytes.';
  if (bytes % MIB !== 0) return 'A drive size must be a whole number of MiB: write it like 512M, 10G or 2T.';
  if (bytes > MAX_DRIVE_BYTES) return `A drive can be at most ${formatSize(MAX_DRIVE_BYTES)}.`;
  return undefined;
}

/** Bytes as the manual's screens show them: 1 G, 2.6 M, 0 B; unknown for a size nobody measured. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
