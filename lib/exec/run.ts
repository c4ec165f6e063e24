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

  constructor(init: { argv: readonly string[]; exitCode?: number; signal?: string; timedOut: boolean; stderr: string; reason?: string }) {
    const tail = init.stderr.trim().split('\n').slice(-5).join('\n');
    const why = init.timedOut
      ? 'timed out'
      : init.reason ?? (init.signal ? `was killed by ${init.signal}` : `exited with code ${init.exitCode}`);
    super(`Command \`${init.argv.join(' ')}\` ${why}${tail ? `: ${tail}` : ''}`);
    this.name = 'CommandError';
    this.argv = init.argv;
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

export function redact(argv: readonly string[], secrets: readonly string[] = []): string[] {
  const live = secrets.filter((s) => s.length > 0);
  return argv.map((arg) => live.reduce((text, secret) => text.split(secret).join('***'), arg));
}

export class LocalRunner implements Runner {
  async tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const [file, ...args] = argv;
    if (file === undefined) throw new TypeError('run() needs a non-empty argv');
    const shown = redact(argv, options.secrets);
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
        argv: shown,
        timedOut: result.timedOut,
        stderr: redact([stderr], options.secrets)[0] ?? '',
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
      throw new CommandError({
        argv: redact(argv, options.secrets),
        exitCode: result.code,
        timedOut: false,
        stderr: redact([result.stderr], options.secrets)[0] ?? '',
      });
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
