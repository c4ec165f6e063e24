import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = dirname(fileURLToPath(import.meta.url));

/** Every import of a folder's TypeScript files, as paths relative to server/. */
function importsOf(folder: string): { file: string; target: string }[] {
  const dir = join(root, folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const file = join(dir, f);
      return [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => ({
        file: relative(root, file),
        target: relative(root, resolve(dirname(file), m[1]!)),
      }));
    });
}

const into = (targets: string[]) => (i: { target: string }) => targets.some((t) => i.target === t || i.target.startsWith(`${t}/`));

describe('the seams are leaves', () => {
  it('storage drivers and iSCSI exporters import neither the store nor the command layer', () => {
    const leaks = [...importsOf('storage'), ...importsOf('iscsi')].filter(into(['store', 'commands']));
    expect(leaks).toEqual([]);
  });

  it('the store imports no seam', () => {
    expect(importsOf('store').filter(into(['storage', 'iscsi', 'commands', 'api']))).toEqual([]);
  });

  it('routes read through access and run commands from the catalogue, never a command file', () => {
    const fromRoutes = importsOf('api').filter((i) => i.target.startsWith('commands/') && !/^commands\/(catalog|plugin|command|layer)\.js$/.test(i.target));
    expect(fromRoutes).toEqual([]);
  });
});
