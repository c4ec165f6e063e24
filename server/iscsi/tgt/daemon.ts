import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { InfinityError } from '../../../lib/errors.js';
import { CommandError, startDaemon, type Daemon, type Runner } from '../../../lib/exec/run.js';
import type { Portal } from '../exporter.js';
import * as tgt from './commands.js';
import { parseTargets } from './parse.js';

export interface TgtDaemonOptions {
  controlPort: number;
  portal: Portal;
  runner: Runner;
  /**
   * Where this server keeps the pid of the tgtd it started (in its data directory): a tgtd
   * answering on the control port is adopted only when it is the one named there.
   */
  pidFile: string;
  readyTimeoutMs?: number;
}

/** Why a tgtd is not (or no longer) ours to use; the watcher reports it as a degraded part. */
export type TgtLoss = { kind: 'stopped'; reason: string } | { kind: 'taken'; reason: string };

/**
 * Runs a tgtd of our own (its own control port and portal), so a system tgtd is never
 * touched. If a tgtd already answers on our control port and it is the one this server's
 * pid file names, it is the one a crashed server left behind, still serving running VMs'
 * disks: it is adopted, not replaced. Any other tgtd there belongs to someone else (another
 * server on this machine) and is neither shared nor stopped. tgtd ignores SIGTERM: it is
 * stopped by deleting its "system" through tgtadm, then SIGKILL.
 */
export class TgtDaemon {
  private constructor(
    private daemon: Daemon | null,
    private pid: number,
    readonly controlPort: number,
    readonly portal: Portal,
    private readonly runner: Runner,
    private readonly pidFile: string,
    readonly adopted: boolean,
  ) {}

  static async start(options: TgtDaemonOptions): Promise<TgtDaemon> {
    const { controlPort, portal, runner, pidFile } = options;
    if (await answers(runner, controlPort)) {
      const recorded = readPid(pidFile);
      if (recorded !== undefined && isTgtd(recorded, controlPort)) {
        return new TgtDaemon(null, recorded, controlPort, portal, runner, pidFile, true);
      }
      throw takenError(controlPort);
    }
    const { daemon, pid } = await spawn(options);
    return new TgtDaemon(daemon, pid, controlPort, portal, runner, pidFile, false);
  }

  /** Whether the tgtd on our control port is still the one we started or adopted; what is wrong otherwise. */
  async check(): Promise<TgtLoss | null> {
    if (isTgtd(this.pid, this.controlPort) && (await answers(this.runner, this.controlPort))) return null;
    if (await answers(this.runner, this.controlPort)) {
      const reason = `${takenError(this.controlPort).message} (the tgtd this server ran, pid ${this.pid}, is gone)`;
      return { kind: 'taken', reason };
    }
    return { kind: 'stopped', reason: `tgtd (pid ${this.pid}, control port ${this.controlPort}) stopped` };
  }

  /** Starts a new tgtd after ours was lost; the caller exports the drives again (a new tgtd is empty). */
  async restart(readyTimeoutMs?: number): Promise<void> {
    if (await answers(this.runner, this.controlPort)) throw takenError(this.controlPort);
    await this.daemon?.stop('SIGKILL', 0);
    const options = { controlPort: this.controlPort, portal: this.portal, runner: this.runner, pidFile: this.pidFile };
    const { daemon, pid } = await spawn(readyTimeoutMs === undefined ? options : { ...options, readyTimeoutMs });
    this.daemon = daemon;
    this.pid = pid;
  }

  /**
   * A clean stop ends this tgtd whether it was started or adopted (only a crash leaves one
   * serving): tgtd refuses to delete its system while targets exist, so they go first. A
   * tgtd that is no longer ours (another program took the control port) is left alone.
   */
  async stop(): Promise<void> {
    if (!isTgtd(this.pid, this.controlPort)) {
      await this.daemon?.stop('SIGKILL', 0);
      return;
    }
    const shown = await this.runner.tryRun(tgt.showTargets(this.controlPort), { timeoutMs: 5_000 }).catch(() => undefined);
    for (const target of shown?.code === 0 ? parseTargets(shown.stdout) : []) {
      await this.runner.tryRun(tgt.deleteTarget(this.controlPort, target.tid), { timeoutMs: 5_000 }).catch(() => undefined);
    }
    await this.runner.tryRun(tgt.deleteSystem(this.controlPort), { timeoutMs: 5_000 }).catch(() => undefined);
    if (this.daemon) await this.daemon.stop('SIGKILL', 0);
    else if (isTgtd(this.pid, this.controlPort)) process.kill(this.pid, 'SIGKILL');
    rmSync(this.pidFile, { force: true });
  }
}

async function answers(runner: Runner, controlPort: number): Promise<boolean> {
  return runner.tryRun(tgt.showTargets(controlPort), { timeoutMs: 5_000 }).then((r) => r.code === 0, () => false);
}

function takenError(controlPort: number): InfinityError {
  return new InfinityError('INF_ERR_CONFLICT',
    `another tgtd, not this server's, answers on tgt control port ${controlPort}; it is neither shared nor stopped: `
    + 'give this server a control port of its own (--tgt-control-port)');
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether process `pid` is a tgtd started with `-C controlPort` (a recycled pid of another program is not). */
export function isTgtd(pid: number, controlPort: number): boolean {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return false;
  }
  const control = argv.findIndex((a) => a === '-C' || a === '--control-port');
  return /(^|\/)tgtd$/.test(argv[0] ?? '') && control > 0 && argv[control + 1] === String(controlPort);
}

async function spawn(options: TgtDaemonOptions): Promise<{ daemon: Daemon; pid: number }> {
  const { controlPort, portal, runner } = options;
  const listen = `${portal.host}:${portal.port}`;
  const where = `control port ${controlPort}, portal ${listen}`;
  const daemon = startDaemon(['tgtd', '-f', '-C', String(controlPort), '--iscsi', `portal=${listen}`]);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  let ended = false;
  void daemon.exited.then(() => {
    ended = true;
  });
  for (;;) {
    if (ended) throw new Error(`tgtd exited at start (${where}): ${daemon.output()}`);
    const probe = await runner.tryRun(tgt.showTargets(controlPort), { timeoutMs: 5_000 }).catch((e: unknown) => e);
    if (!(probe instanceof CommandError) && (probe as { code: number }).code === 0) break;
    if (Date.now() > deadline) {
      await daemon.stop('SIGKILL');
      throw new Error(`tgtd did not answer on control port ${controlPort} within the timeout: ${daemon.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (daemon.pid === undefined) throw new Error('tgtd started without a process id');
  writeFileSync(options.pidFile, `${daemon.pid}\n`);
  return { daemon, pid: daemon.pid };
}
