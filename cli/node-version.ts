// Loaded by cli/main.ts before any dependency: keep it to syntax and APIs that Node 18 has.

/** The oldest Node the CLI and the server are built and tested for (package.json engines). */
export const NODE_NEEDED = '24.21.0';

/** Whether version `have` ("20.20.2") is older than `needed` ("24.21.0"). */
export function olderThan(have: string, needed: string): boolean {
  const a = have.split('.').map(Number);
  const b = needed.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}
