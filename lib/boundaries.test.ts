import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Import {
  /** The importing file, relative to the project root. */
  file: string;
  /** The specifier as written ('typebox', 'node:fs'), or the imported file relative to the root. */
  target: string;
  typeOnly: boolean;
  /** A path ('./x', '../lib/y') rather than a package. */
  local: boolean;
}

const IMPORT = /(?:^|\n)\s*(import type|import|export type|export)\b[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every import, re-export and dynamic import of one file. */
function importsOfFile(path: string): Import[] {
  const file = relative(root, path);
  return [...readFileSync(path, 'utf8').matchAll(IMPORT)].map((m) => {
    const specifier = (m[2] ?? m[3])!;
    const target = specifier.startsWith('.') ? relative(root, resolve(dirname(path), specifier)) : specifier;
    const typeOnly = m[1] === 'import type' || m[1] === 'export type';
    return { file, target: target.replace(/\.js$/, ''), typeOnly, local: specifier.startsWith('.') };
  });
}

/** The imports of every TypeScript file under a folder (tests too: they ship nothing, but may not cheat either). */
function importsOf(folder: string): Import[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('node_modules'))
    .flatMap((f) => importsOfFile(join(root, folder, f)));
}

const under = (folders: string[]) => (i: Import) =>
  i.local && folders.some((f) => i.target === f || i.target.startsWith(`${f}/`));

/** The files a set of imports reaches through relative imports, with their own imports. */
function reachable(start: Import[]): Import[] {
  const seen = new Set<string>();
  const found: Import[] = [];
  const queue = start.filter((i) => i.local && i.target.startsWith('lib/'));
  while (queue.length > 0) {
    const { target } = queue.shift()!;
    const path = [`${target}.ts`, `${target}.tsx`].map((p) => join(root, p)).find((p) => existsSync(p));
    if (!path || seen.has(path)) continue;
    seen.add(path);
    const imports = importsOfFile(path);
    found.push(...imports);
    queue.push(...imports.filter((i) => i.local && i.target.startsWith('lib/')));
  }
  return found;
}

describe('who may import whom', () => {
  it('the console imports nothing of the server: its own files and lib/ only', () => {
    const outside = importsOf('server/console/src').filter((i) => i.local && !i.target.startsWith('server/console/'));
    expect(outside.filter((i) => !i.target.startsWith('lib/'))).toEqual([]);
    expect(outside.length).toBeGreaterThan(0);
  });

  it('the console takes wire types only as types, so no schema code reaches its bundle', () => {
    const schemaImports = importsOf('server/console/src').filter(under(['lib/protocol']));
    expect(schemaImports.filter((i) => !i.typeOnly)).toEqual([]);
  });

  it('what the console reaches in lib/ needs no Node built-ins and no server code', () => {
    const imports = reachable(importsOf('server/console/src'));
    expect(imports.filter((i) => i.target.startsWith('node:') || under(['server', 'cli'])(i))).toEqual([]);
  });

  it('lib/ imports neither the server nor the CLI', () => {
    expect(importsOf('lib').filter(under(['server', 'cli']))).toEqual([]);
  });

  it('the CLI reaches server code only to start the server (`infinity server`)', () => {
    const leaks = importsOf('cli').filter(under(['server'])).filter((i) => i.file !== 'cli/commands/server.ts');
    expect(leaks).toEqual([]);
  });

  it('the API routes take their schemas from lib/protocol/ (no schema files beside them)', () => {
    const schemaFiles = readdirSync(join(root, 'server/api')).filter((f) => f.endsWith('.schema.ts'));
    expect(schemaFiles).toEqual([]);
  });
});
