import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunner } from '../../lib/exec/run.js';
import { TgtDaemon } from '../../server/iscsi/tgt/daemon.js';
import { TgtExporter } from '../../server/iscsi/tgt/tgt-exporter.js';
import { FilePool } from '../../server/storage/file/file-pool.js';
import { freePort, tgtControlPort } from '../helpers/server-process.js';
import { describeIscsiExporter } from './exporter-suite.js';

/** The shared exporter suite against a real tgtd on loopback, serving file-pool images. */
describeIscsiExporter('tgt (a real tgtd, file pool images)', async () => {
  const runner = new LocalRunner();
  const dir = mkdtempSync(join(tmpdir(), 'infinity-tgt-'));
  const port = await freePort();
  const portal = { host: '127.0.0.1', port };
  const pidFile = join(dir, 'tgtd.pid');
  const daemon = await TgtDaemon.start({ controlPort: tgtControlPort(port), portal, runner, pidFile });
  const exporter = new TgtExporter({ controlPort: daemon.controlPort, portal: daemon.portal }, runner);
  const pool = new FilePool({ path: join(dir, 'pool') }, runner);
  await pool.initialize();
  const tgtadm = async (mode: string) =>
    (await runner.run(['tgtadm', '-C', String(daemon.controlPort), '--lld', 'iscsi', '--mode', mode, '--op', 'show'], { timeoutMs: 5_000 })).stdout;
  return {
    exporter,
    pool,
    lun: 1,
    read: async (id, offset, length) => readFileSync(pool.devicePath(id)).subarray(offset, offset + length),
    // Targets and CHAP accounts are both named after the drive id.
    leftovers: async (id) => [...(await tgtadm('target')).split('\n'), ...(await tgtadm('account')).split('\n')].filter((l) => l.includes(id)).join('\n'),
    missingDevice: () => ({ exporter, devicePath: join(dir, 'missing.raw') }),
    async cleanup() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
