import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/server-process.js';
import { buildOnce, ENTRY, makeCli, startServer, tempDir, type Cli, type RunningServer } from './cli-harness.js';

/** How the CLI behaves as a process: pipes, usage errors, the Node it runs on, signals. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WRAPPER = join(ROOT, 'bin/infinity');
/** The machine's own Node (Debian's or NodeSource's), older than the pinned one. */
const MACHINE_NODE = '/usr/bin/node';
const PASSWORD = 'process-admin-pass-1';
const OLD_NODE_18 = 'Object.defineProperty(process.versions,"node",{value:"18.19.0"})';

describe('the infinity CLI as a process', () => {
  const dir = tempDir('infinity-cli-process-');
  let server: RunningServer;
  let cli: Cli;

  beforeAll(async () => {
    await buildOnce();
    server = await startServer(`${dir.path}/data`);
    cli = makeCli(dir.path);
    await cli.ok('login', '--server', server.url, '--user', 'admin', '--password', 'admin');
    await cli.ok('passwd', '--old', 'admin', '--new', PASSWORD);
    for (let i = 1; i <= 3; i++) await cli.ok('vm', 'create', '--name', `pipe-${i}`);
  });

  afterAll(async () => {
    await server?.stop();
    dir.remove();
  });

  it('starts with a banner that names the console, the API documentation and what is turned off', () => {
    expect(server.banner).toContain(`  Admin Console: ${server.url}/console\n`);
    expect(server.banner).toContain(`  API documentation: ${server.url}/docs\n`);
    expect(server.banner).toMatch(/\nTurned off:\n  iSCSI: iSCSI is turned off for this server .*\n/);
  });

  it('exits quietly when its reader goes away (infinity vm list | head -1)', async () => {
    // The reader closes before the CLI writes anything, as `head` does after its first line.
    const pipeline = '"$0" "$1" vm list | (exec <&-; sleep 1); exit ${PIPESTATUS[0]}';
    const result = await execa('bash', ['-c', pipeline, process.execPath, ENTRY], {
      cwd: dir.path,
      env: { HOME: dir.path, INFINITY_CONFIG: cli.configFile, PATH: process.env.PATH ?? '' },
      reject: false,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('answers a usage error with the error and where help is, not the whole help', async () => {
    const missing = await cli('vm', 'create');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      "error: required option '--name <name>' not specified\nRun `infinity vm create --help` for its usage.",
    );
    const unknown = await cli('vm', 'lst');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toBe(
      "error: unknown command 'lst'\n(Did you mean list?)\nRun `infinity vm --help` for its usage.",
    );
    const top = await cli('--bogus');
    expect(top.stderr).toBe("error: unknown option '--bogus'\nRun `infinity --help` for its usage.");
  });

  it('refuses an older Node with a clear message before loading anything', async () => {
    // Node 18 as the pinned Node reports it, and where the machine has its own (older) Node, that one:
    // the entry must parse and answer there too.
    const runs: { node: string; args: string[]; version: string }[] = [
      { node: process.execPath, args: ['--import', `data:text/javascript,${OLD_NODE_18}`], version: '18.19.0' },
    ];
    if (existsSync(MACHINE_NODE)) {
      const version = (await execa(MACHINE_NODE, ['--version'])).stdout.slice(1);
      if (Number(version.split('.')[0]) < 24) runs.push({ node: MACHINE_NODE, args: [], version });
    }
    for (const run of runs) {
      const env = { HOME: dir.path };
      const result = await execa(run.node, [...run.args, ENTRY, 'vm', 'list'], { reject: false, env });
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `infinity: needs Node 24.21.0 or newer, and ${run.node} is Node ${run.version}.\n` +
          `Run ${WRAPPER} (it uses the Node that \`make deps\` installs) or dist/infinity (\`make exe\`).`,
      );
      expect(result.exitCode).toBe(1);
    }
  });

  it('runs through bin/infinity on the pinned Node, whatever node is first on PATH', async () => {
    const result = await execa(WRAPPER, ['--version'], { reject: false, env: { PATH: '/usr/bin:/bin' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('infinity server and signals', () => {
  const dir = tempDir('infinity-server-signal-');
  afterAll(() => dir.remove());

  it('stops cleanly on a SIGTERM that comes the moment it listens', async () => {
    const port = await freePort();
    const args = [ENTRY, 'server', '--data', join(dir.path, 'data'), '--listen', `127.0.0.1:${port}`, '--no-iscsi'];
    const child = execa(process.execPath, args, {
      cwd: dir.path,
      reject: false,
      buffer: false,
      stderr: 'ignore',
    });
    // The server logs to stdout once its port is open: a health check answers from then on.
    await new Promise<void>((ok, fail) => {
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        if (seen.includes('Server listening at')) return;
        seen += chunk.toString('utf8');
        if (seen.includes('Server listening at')) {
          child.kill('SIGTERM');
          ok();
        }
      });
      void child.then(() => fail(new Error(`server exited before listening:\n${seen}`)));
    });
    const result = await child;
    expect(result.signal).toBeUndefined();
    expect(result.exitCode).toBe(0);
  });
});
