import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';

/**
 * Drives the real `infinity` (tsc output under build/) as separate processes: a server and
 * CLI invocations with their own configuration file, as a person or a script would.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ENTRY = join(ROOT, 'build/cli/main.js');
const SOURCES = ['cli', 'server', 'lib'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'console') newest = Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/** Compiles once: skipped while build/ is newer than every source, so test files share one build. */
export async function buildOnce(): Promise<void> {
  const built = (() => {
    try {
      return statSync(ENTRY).mtimeMs;
    } catch {
      return 0;
    }
  })();
  if (built > Math.max(...SOURCES.map((s) => newestSource(join(ROOT, s))))) return;
  await execa(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT });
}

export interface RunningServer {
  url: string;
  /** The certificate fingerprint the server printed, with --tls. */
  fingerprint?: string;
  /** Everything the server printed when it started. */
  banner: string;
  stop(): Promise<void>;
}

/** Starts `infinity server` and reads the URL (and fingerprint) it prints once it listens. */
export async function startServer(dataDir: string, extra: string[] = [], listen = '127.0.0.1:0'): Promise<RunningServer> {
  const child = execa(process.execPath, [ENTRY, 'server', '--data', dataDir, '--listen', listen, '--log-level', 'warn', ...(extra.includes('--iscsi-portal') ? [] : ['--no-iscsi']), ...extra], {
    cwd: ROOT,
    reject: false,
    buffer: false,
    stdout: 'ignore',
  });
  // The banner's last line names the log file, so the whole banner has been read once it appears.
  const printed = await readUntil(child, /serving (https?:\/\/\S+?)\/ [\s\S]*?Server log: .*\n/);
  const url = /serving (https?:\/\/\S+?)\//.exec(printed)![1]!;
  const fingerprint = /SHA-256 fingerprint: ([0-9A-F:]+)/.exec(printed)?.[1];
  return {
    url,
    banner: printed,
    ...(fingerprint ? { fingerprint } : {}),
    async stop() {
      child.kill('SIGTERM');
      await child;
    },
  };
}

function readUntil(child: ResultPromise, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((ok, fail) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`server did not start in ${timeoutMs} ms:\n${text}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (pattern.test(text)) {
        clearTimeout(timer);
        ok(text);
      }
    });
    void child.then((result) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${result.exitCode}) before serving:\n${text}`));
    });
  });
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Cli {
  (...args: string[]): Promise<CliResult>;
  /** Runs and fails the test with the output unless the exit code is 0. */
  ok(...args: string[]): Promise<CliResult>;
  /** Runs with --json appended and parses stdout. */
  json<T = any>(...args: string[]): Promise<T>;
  configFile: string;
}

/** A CLI with its own configuration file and home, and no INFINITY_* from the caller. */
export function makeCli(dir: string, env: Record<string, string> = {}): Cli {
  const configFile = join(dir, 'cli.json');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INFINITY_')));
  const run = async (...args: string[]): Promise<CliResult> => {
    const result = await execa(process.execPath, [ENTRY, ...args], {
      cwd: dir,
      env: { ...clean, HOME: dir, INFINITY_CONFIG: configFile, ...env },
      extendEnv: false,
      reject: false,
      stdin: 'ignore',
    });
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
  };
  const ok = async (...args: string[]) => {
    const result = await run(...args);
    if (result.exitCode !== 0) throw new Error(`infinity ${args.join(' ')} exited ${result.exitCode}:\n${result.stderr}${result.stdout}`);
    return result;
  };
  const json = async (...args: string[]) => JSON.parse((await ok(...args, '--json')).stdout);
  return Object.assign(run, { ok, json, configFile });
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), so it sees a TTY as a person's
 * shell would, and types `answer` once `prompt` appears.
 */
export async function runOnTerminal(args: string[], env: Record<string, string>, prompt: string, answer: string): Promise<CliResult> {
  const quoted = [process.execPath, ENTRY, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = execa('script', ['-qec', quoted, '/dev/null'], { env: { ...process.env, ...env }, reject: false, stdin: 'pipe' });
  let seen = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    seen += chunk.toString('utf8');
    if (seen.includes(prompt)) {
      seen = '';
      child.stdin!.write(`${answer}\n`);
    }
  });
  const result = await child;
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
