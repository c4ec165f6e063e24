import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunner } from '../../lib/exec/run.js';
import { showTargets } from '../../server/iscsi/tgt/commands.js';
import { TgtDaemon } from '../../server/iscsi/tgt/daemon.js';
import { TgtExporter } from '../../server/iscsi/tgt/tgt-exporter.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';

const runner = new LocalRunner();
const dir = mkdtempSync(join(tmpdir(), 'infinity-tgtd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server-owned tgtd', () => {
  it('is adopted when a crashed server left it serving, and a clean stop ends it even then, targets and all', async () => {
    const port = await freePort();
    const options = { controlPort: tgtControlPort(port), portal: { host: '127.0.0.1', port }, runner };
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
});
