import { CommandError, startDaemon, type Daemon, type Runner } from '../../../lib/exec/run.js';
import type { Portal } from '../exporter.js';
import * as tgt from './commands.js';
import { parseTargets } from './parse.js';

/**
 * Runs a tgtd of our own (its own control port and portal), so a system tgtd is never
 * touched. If a tgtd already answers on our control port, it is the one a crashed server
 * left behind, still serving running VMs' disks: it is adopted, not replaced. tgtd
 * ignores SIGTERM: it is stopped by deleting its "system" through tgtadm, then SIGKILL.
 */
export class TgtDaemon {
  private constructor(private readonly daemon: Daemon | null, readonly controlPort: number, readonly portal: Portal, private readonly runner: Runner, readonly adopted: boolean) {}

  static async start(options: { controlPort: number; portal: Portal; runner: Runner; readyTimeoutMs?: number }): Promise<TgtDaemon> {
    const { controlPort, portal, runner } = options;
    const running = await runner.tryRun(tgt.showTargets(controlPort), { timeoutMs: 5_000 }).then((r) => r.code === 0, () => false);
    if (running) return new TgtDaemon(null, controlPort, portal, runner, true);
    const daemon = startDaemon(['tgtd', '-f', '-C', String(controlPort), '--iscsi', `portal=${portal.host}:${portal.port}`]);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
    let ended = false;
    void daemon.exited.then(() => {
      ended = true;
    });
    for (;;) {
      if (ended) throw new Error(`tgtd exited at start (control port ${controlPort}, portal ${portal.host}:${portal.port}): ${daemon.output()}`);
      const probe = await runner.tryRun(tgt.showTargets(controlPort), { timeoutMs: 5_000 }).catch((e: unknown) => e);
      if (!(probe instanceof CommandError) && (probe as { code: number }).code === 0) break;
      if (Date.now() > deadline) {
        await daemon.stop('SIGKILL');
        throw new Error(`tgtd did not answer on control port ${controlPort} within the timeout: ${daemon.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return new TgtDaemon(daemon, controlPort, portal, runner, false);
  }

  /**
   * A clean stop ends this tgtd whether it was started or adopted (only a crash leaves one
   * serving): tgtd refuses to delete its system while targets exist, so they go first.
   */
  async stop(): Promise<void> {
    const shown = await this.runner.tryRun(tgt.showTargets(this.controlPort), { timeoutMs: 5_000 }).catch(() => undefined);
    for (const target of shown?.code === 0 ? parseTargets(shown.stdout) : []) {
      await this.runner.tryRun(tgt.deleteTarget(this.controlPort, target.tid), { timeoutMs: 5_000 }).catch(() => undefined);
    }
    await this.runner.tryRun(['tgtadm', '-C', String(this.controlPort), '--op', 'delete', '--mode', 'system'], { timeoutMs: 5_000 }).catch(() => undefined);
    await this.daemon?.stop('SIGKILL', 0);
  }
}
