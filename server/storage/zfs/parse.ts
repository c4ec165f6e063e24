import { COMPRESSIONS, IO_SYNC, type Compression, type IoSync } from '../../../lib/catalog.js';
import { SNAPSHOT_COLUMNS, VOLUME_COLUMNS } from './commands.js';

/**
 * Parsers for `zfs list -Hp` / `zfs get -Hp` (one record per line, tab-separated, exact
 * numbers). Checked against outputs recorded from real OpenZFS in test/fixtures/zfs/.
 * Unset user properties print as "-".
 */
export interface ZvolRow {
  name: string;
  volsize: number;
  used: number;
  usedBySnapshots: number;
  compression: Compression | 'other';
  readOnly: boolean;
  ioSync: IoSync | 'other';
  origin: string | null;
  id: string | null;
  sparse: boolean | null;
}

export interface SnapshotRow {
  name: string;
  used: number;
  clones: string[];
  id: string | null;
}

function rows(output: string, columns: number, what: string): string[][] {
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const fields = line.split('\t');
      if (fields.length !== columns) throw new Error(`Unexpected ${what} line from zfs (${fields.length} fields, wanted ${columns}): ${JSON.stringify(line)}`);
      return fields;
    });
}

function bytes(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`Unexpected ${what} from zfs: ${JSON.stringify(value)} (expected bytes from -p)`);
  return Number(value);
}

const unset = (value: string) => (value === '-' || value === '' ? null : value);

export function parseZvols(output: string): ZvolRow[] {
  return rows(output, VOLUME_COLUMNS.length, 'volume').map(([name, volsize, used, usedbysnapshots, compression, readonly, sync, origin, id, sparse]) => ({
    name: name!,
    volsize: bytes(volsize!, 'volsize'),
    used: bytes(used!, 'used'),
    usedBySnapshots: bytes(usedbysnapshots!, 'usedbysnapshots'),
    compression: (COMPRESSIONS as readonly string[]).includes(compression!) ? (compression as Compression) : 'other',
    readOnly: readonly === 'on',
    ioSync: (IO_SYNC as readonly string[]).includes(sync!) ? (sync as IoSync) : 'other',
    origin: unset(origin!),
    id: unset(id!),
    sparse: sparse === 'on' ? true : sparse === 'off' ? false : null,
  }));
}

export function parseSnapshots(output: string): SnapshotRow[] {
  return rows(output, SNAPSHOT_COLUMNS.length, 'snapshot').map(([name, used, clones, id]) => ({
    name: name!,
    used: bytes(used!, 'used'),
    clones: (unset(clones!) ?? '').split(',').filter(Boolean),
    id: unset(id!),
  }));
}

/** `zfs get -Hp -o property,value used,available DATASET`. */
export function parseSpace(output: string): { used: number; available: number } {
  const values = new Map(rows(output, 2, 'property').map(([property, value]) => [property!, value!]));
  return { used: bytes(values.get('used') ?? '', 'used'), available: bytes(values.get('available') ?? '', 'available') };
}

/** `zfs get -Hp -o value volsize,referenced,infinity:sparse DATASET`: three lines in that order. */
export function parseReservationInputs(output: string): { volsize: number; referenced: number; sparse: boolean | null } {
  const [volsize, referenced, sparse] = output.split('\n').map((l) => l.trim());
  if (volsize === undefined || referenced === undefined || sparse === undefined) {
    throw new Error(`zfs get printed ${JSON.stringify(output)}, not volsize, referenced and ${'infinity:sparse'} on three lines`);
  }
  return { volsize: bytes(volsize, 'volsize'), referenced: bytes(referenced, 'referenced'), sparse: sparse === 'on' ? true : sparse === 'off' ? false : null };
}

/** What one item of a side-by-side script did (see sideBySideScript); undefined when it never reported. */
export interface ItemOutcome {
  code: number;
  /** Its first command (the one that makes the thing) succeeded. */
  made: boolean;
  stderr: string;
}

export function parseSideBySide(output: string, count: number): (ItemOutcome | undefined)[] {
  const outcomes: (ItemOutcome | undefined)[] = Array.from({ length: count }, () => undefined);
  const errors = new Map<number, string[]>();
  for (const line of output.split('\n')) {
    const result = /^R (\d+) (\d+) ([01])$/.exec(line);
    if (result) {
      const i = Number(result[1]);
      if (i < count) outcomes[i] = { code: Number(result[2]), made: result[3] === '1', stderr: '' };
      continue;
    }
    const error = /^E (\d+) (.*)$/.exec(line);
    if (error) errors.set(Number(error[1]), [...(errors.get(Number(error[1])) ?? []), error[2]!]);
  }
  return outcomes.map((o, i) => o && { ...o, stderr: (errors.get(i) ?? []).join('\n') });
}

/** `zfs program -j` with DESTROY_VOLUMES_PROGRAM: `{"return":{"destroyed":N[,"failed":NAME,"errno":E]}}`. */
export function parseDestroyProgram(output: string): { destroyed: number; failed?: string; errno?: number } {
  const parsed = JSON.parse(output) as { return?: { destroyed?: unknown; failed?: unknown; errno?: unknown } };
  const r = parsed.return;
  if (typeof r?.destroyed !== 'number') {
    throw new Error(`zfs program printed ${JSON.stringify(output)}, not the destroy program's answer`);
  }
  return {
    destroyed: r.destroyed,
    ...(typeof r.failed === 'string' ? { failed: r.failed } : {}),
    ...(typeof r.errno === 'number' ? { errno: r.errno } : {}),
  };
}
