import { CommandError, type RunOptions, type RunResult, type Runner } from './run.js';

/** One expected call: its exact argv (and stdin, when given) and the output to replay. */
export interface ExpectedCall {
  argv: readonly string[];
  input?: string;
  code?: number;
  stdout?: string;
  stderr?: string;
}

/**
 * For driver unit tests: replays a script of expected calls in order and records what was
 * run. An argv (or stdin) it did not expect throws, which fails the test with both shown.
 */
export class FakeRunner implements Runner {
  readonly calls: { argv: string[]; input: string | undefined }[] = [];
  private readonly script: ExpectedCall[];

  constructor(script: ExpectedCall[] = []) {
    this.script = [...script];
  }

  expect(...calls: ExpectedCall[]): this {
    this.script.push(...calls);
    return this;
  }

  /** Every scripted call has been made. */
  get done(): boolean {
    return this.script.length === 0;
  }

  async tryRun(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    this.calls.push({ argv: [...argv], input: options.input });
    const next = this.script.shift();
    const same = next !== undefined && next.argv.length === argv.length && next.argv.every((a, i) => a === argv[i]);
    if (!same) {
      throw new Error(`FakeRunner: unexpected command\n  got:      ${JSON.stringify(argv)}\n  expected: ${next ? JSON.stringify(next.argv) : '(no more commands)'}`);
    }
    if (next.input !== undefined && next.input !== options.input) {
      throw new Error(`FakeRunner: unexpected stdin for ${JSON.stringify(argv)}\n  got:      ${JSON.stringify(options.input)}\n  expected: ${JSON.stringify(next.input)}`);
    }
    return { code: next.code ?? 0, stdout: next.stdout ?? '', stderr: next.stderr ?? '' };
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
