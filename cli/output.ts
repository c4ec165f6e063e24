import Table from 'cli-table3';
import type { CliOption } from './command.js';

/** Every client command takes --json: scripts get exactly the API's JSON, people a table. */
export const JSON_OPTION: CliOption = { flags: '--json', description: "print the API's JSON answer instead of a table" };

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

export function print(options: Record<string, unknown>, apiResult: unknown, human: () => string): void {
  const text = options.json ? JSON.stringify(apiResult, null, 2) : human();
  if (text !== '') process.stdout.write(`${text}\n`);
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const out = new Table({ head: columns.map((c) => c.header), style: { head: [], border: [] } });
  for (const row of rows) out.push(columns.map((c) => cell(c.value(row))));
  return out.toString();
}

/** One object as label / value rows, for `show`. */
export function details<T>(row: T, columns: readonly Column<T>[]): string {
  const out = new Table({ style: { head: [], border: [] } });
  for (const c of columns) out.push({ [c.header]: cell(c.value(row)) });
  return out.toString();
}

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}
