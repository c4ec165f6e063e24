import { execa } from 'execa';

/**
 * The one place that spawns processes, on the server and on the agent alike. Callers pass
 * an argv array (never a shell string) and a timeout; secrets listed in `secrets` are
 * replaced in every command line that reaches an error or a log.
 */
export interface RunOptions {
  timeoutMs: number;
  input?: string;
  secrets?: readonly string[];
  signal?: AbortSignal;
  cwd?: string;
  env?: Record<string, string>;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  readonly argv: readonly string[];
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly timedOut: boolean;
  readonly stderrTail: string;

  /**
   * Every secret in `secrets` is replaced in what the error keeps and says (the command line,
   * the stderr tail, the reason), so the error can be logged and answered as it is.
   */
  constructor(init: {
    argv: readonly string[];
    exitCode?: number;
    signal?: string;
    timedOut: boolean;
    stderr: string;
    reason?: string;
    secrets?: readonly string[] | undefined;
  }) {
    const argv = redact(init.argv, init.secrets);
    const tail = redactText(init.stderr, init.secrets).trim().split('\n').slice(-5).join('\n');
    const stopped = init.signal ? `was killed by ${init.signal}` : `exited with code ${init.exitCode}`;
    const reason = init.reason === undefined ? stopped : redactText(init.reason, init.secrets);
    const why = init.timedOut ? 'timed out' : reason;
    super(`Command \`${argv.join(' ')}\` ${why}${tail ? `: ${tail}` : ''}`);
    this.name = 'CommandError';
    this.argv = argv;
    this.exitCode = init.exitCode;
    this.signal = init.signal;
    this.timedOut = init.timedOut;
    this.stderrTail = tail;
  }
}

export interface Runner {
  /** Runs argv; a non-zero exit, a signal or a timeout throws CommandError. */
  run(argv: readonly string[], options: RunOptions): Promise<RunResult>;
  /** Runs argv and returns the result whatever the exit code (for expected failures). */
  tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult>;
}

/** `text` with every non-empty secret replaced by `***`, the longest first (one may contain another). */
export function redactText(text: string, secrets: readonly string[] = []): string {
  const live = secrets.filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  return live.reduce((shown, secret) => shown.split(secret).join('***'), text);
}

export function redact(argv: readonly string[], secrets: readonly string[] = []): string[] {
  return argv.map((arg) => redactText(arg, secrets));
}

export class LocalRunner implements Runner {
  async tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const [file, ...args] = argv;
    if (file === undefined) throw new TypeError('run() needs a non-empty argv');
    const result = await execa(file, args, {
      reject: false,
      timeout: options.timeoutMs,
      forceKillAfterDelay: 2_000,
      stripFinalNewline: false,
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
      ...(options.signal ? { cancelSignal: options.signal } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    const stdout = typeof result.stdout === 'string' ? result.stdout : '';
    const stderr = typeof result.stderr === 'string' ? result.stderr : '';
    if (result.timedOut || result.isCanceled || result.signal || result.exitCode === undefined) {
      throw new CommandError({
        argv,
        timedOut: result.timedOut,
        stderr,
        secrets: options.secrets,
        ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
        ...(result.signal ? { signal: result.signal } : {}),
        ...(result.isCanceled ? { reason: 'was cancelled' } : {}),
        ...(result.exitCode === undefined && !result.signal && !result.timedOut
          ? { reason: `could not start (${result.originalMessage ?? result.shortMessage})` }
          : {}),
      });
    }
    return { code: result.exitCode, stdout, stderr };
  }

  async run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const result = await this.tryRun(argv, options);
    if (result.code !== 0) {
      const { secrets } = options;
      throw new CommandError({ argv, exitCode: result.code, timedOut: false, stderr: result.stderr, secrets });
    }
    return result;
  }
}

/** A long-running process (tgtd, later QEMU): started once, stopped on purpose. */
export interface Daemon {
  readonly pid: number | undefined;
  /** Resolves with the exit code (or signal) when the process ends, for whatever reason. */
  readonly exited: Promise<{ code: number | undefined; signal: string | undefined }>;
  /** Sends `signal`, then SIGKILL after `graceMs` if it is still running. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** The last lines it wrote, for error messages. */
  output(): string;
}

export function startDaemon(argv: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Daemon {
  const [file, ...args] = argv;
  if (file === undefined) throw new TypeError('startDaemon() needs a non-empty argv');
  const child = execa(file, args, {
    reject: false,
    stdin: 'ignore',
    buffer: false,
    all: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const tail: string[] = [];
  child.all?.on('data', (chunk: Buffer) => {
    tail.push(...chunk.toString().split('\n').filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 20));
  });
  const exited = child.then((r) => ({ code: r.exitCode, signal: r.signal }));
  let running = true;
  void exited.then(() => {
    running = false;
  });
  return {
    pid: child.pid,
    exited,
    output: () => tail.join('\n'),
    async stop(signal = 'SIGTERM', graceMs = 3_000) {
      if (!running) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
