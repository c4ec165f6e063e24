import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalRunner, startDaemon } from '../../lib/exec/run.js';
import { deleteSystem, showTargets } from '../../server/iscsi/tgt/commands.js';
import { TgtDaemon } from '../../server/iscsi/tgt/daemon.js';
import { TgtExporter } from '../../server/iscsi/tgt/tgt-exporter.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

const runner = new LocalRunner();
const dir = mkdtempSync(join(tmpdir(), 'infinity-tgtd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; !(await check()); i++) {
    if (i > 100) throw new Error('timed out');
    await sleep(100);
  }
}

describe('the server-owned tgtd', () => {
  it('is adopted when a crashed server left it serving, and a clean stop ends it even then, targets and all', async () => {
    const port = await freePort();
    const portal = { host: '127.0.0.1', port };
    const options = { controlPort: tgtControlPort(port), portal, runner, pidFile: join(dir, 'tgtd.pid') };
    const first = await TgtDaemon.start(options);
    try {
      const image = join(dir, 'disk.raw');
      writeFileSync(image, Buffer.alloc(1024 * 1024));
      await new TgtExporter({ controlPort: first.controlPort, portal: first.portal }, runner)
        .export({ driveId: '11111111-2222-4333-8444-555555555555', devicePath: image, initiatorIqn: 'iqn.2026-11.org.infinity:host-a', chap: null, readOnly: false, syncWrites: false });

      // The server "crashed": a new one finds the tgtd answering and adopts it.
      const adopted = await TgtDaemon.start(options);
      expect(adopted.adopted).toBe(true);
      await adopted.stop();
      const probe = await runner.tryRun(showTargets(options.controlPort), { timeoutMs: 5_000 });
      expect(probe.code).not.toBe(0);
    } finally {
      await first.stop();
    }
  });
  it('reports a control port another tgtd took over as taken, and a stop leaves that tgtd running', async () => {
    const port = await freePort();
    const portal = { host: '127.0.0.1', port };
    const options = { controlPort: tgtControlPort(port), portal, runner, pidFile: join(dir, 'ours.pid') };
    const ours = await TgtDaemon.start(options);
    process.kill(Number(readFileSync(options.pidFile, 'utf8')), 'SIGKILL');
    await waitFor(async () => (await ours.check())?.kind === 'stopped');
    const { controlPort } = options;
    const foreign = startDaemon(['tgtd', '-f', '-C', String(controlPort), '--iscsi', `portal=127.0.0.1:${port}`]);
    const answers = async () => (await runner.tryRun(showTargets(controlPort), { timeoutMs: 5_000 })).code === 0;
    try {
      await waitFor(answers);
      const reason = expect.stringContaining('another tgtd, not this server');
      expect(await ours.check()).toMatchObject({ kind: 'taken', reason });
      await expect(ours.restart()).rejects.toThrow(/another tgtd, not this server/);
      await expect(TgtDaemon.start(options)).rejects.toThrow(/another tgtd, not this server/);
      await ours.stop();
      expect(await answers()).toBe(true);
    } finally {
      await runner.tryRun(deleteSystem(options.controlPort), { timeoutMs: 5_000 });
      await foreign.stop('SIGKILL', 0);
    }
  });
});
