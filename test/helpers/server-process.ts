import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs as .ts (vitest) or from build/. */
export const REPO_ROOT = (() => {
  const above = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  return basename(above) === 'build' ? dirname(above) : above;
})();
export const EXECUTABLE = resolve(REPO_ROOT, 'dist/infinity');
export const NODE_ENTRY = resolve(REPO_ROOT, 'build/cli/main.js');

/** Asks the kernel for a port that is free right now on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote, kept short, for failure messages. */
  output(): string;
  /** Resolves with the exit code and signal once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  /** argv[0] and the arguments before `server`: [EXECUTABLE] or [process.execPath, NODE_ENTRY]. */
  command: string[];
  dataDir: string;
  port: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logLevel?: string;
}

const OUTPUT_LIMIT = 16_384;

export function spawnServer(options: StartOptions): ServerProcess {
  const [file, ...pre] = options.command;
  const args = [...pre, 'server', '--data', options.dataDir, '--listen', `127.0.0.1:${options.port}`, '--log-level', options.logLevel ?? 'warn', '--no-iscsi'];
  const child = spawn(file!, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // Keep the tail: the last lines say why a server died.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    child.once('exit', (code, signal) => ok({ code, signal }));
    child.once('error', (error) => {
      keep(Buffer.from(`spawn failed: ${error.message}\n`));
      ok({ code: null, signal: null });
    });
  });
  const stop = async (graceMs = 10_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return { child, url: `http://127.0.0.1:${options.port}`, output: () => output, exited, stop };
}

/**
 * Polls /api/v1/health until it answers 200 and returns the milliseconds from `since`.
 * Throws with the server's output if it exits first or `timeoutMs` passes.
 */
export async function waitForHealth(server: ServerProcess, since: number, timeoutMs = 30_000, intervalMs = 5): Promise<number> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void server.exited.then((e) => (exit = e));
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (exit) throw new Error(`server exited (code ${exit.code}, signal ${exit.signal}) before answering /api/v1/health:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/api/v1/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet: connection refused until the server binds its port.
    }
    await new Promise((ok) => setTimeout(ok, intervalMs));
  }
  throw new Error(`server did not answer /api/v1/health within ${timeoutMs} ms:\n${server.output()}`);
}

/**
 * A tgtd control port (tgtd -C takes 0-32767) tied to a free TCP port, so tests that start
 * their own tgtd at the same time do not share one.
 */
export function tgtControlPort(portalPort: number): number {
  return 1 + (portalPort % 32000);
}
