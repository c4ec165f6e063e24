import { describe, expect, it } from 'vitest';
import { CommandError, LocalRunner, redact } from './run.js';

const runner = new LocalRunner();

describe('LocalRunner', () => {
  it('returns stdout and the exit code', async () => {
    const result = await runner.run(['printf', '%s', 'hello'], { timeoutMs: 5_000 });
    expect(result).toEqual({ code: 0, stdout: 'hello', stderr: '' });
  });

  it('passes input on stdin', async () => {
    const result = await runner.run(['cat'], { timeoutMs: 5_000, input: 'line one\n' });
    expect(result.stdout).toBe('line one\n');
  });

  it('throws CommandError with the redacted command line on a non-zero exit', async () => {
    const error = await runner
      .run(['sh', '-c', 'echo bad secret-123 >&2; exit 3', 'secret-123'], { timeoutMs: 5_000, secrets: ['secret-123'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const commandError = error as CommandError;
    expect(commandError.exitCode).toBe(3);
    expect(commandError.timedOut).toBe(false);
    expect(commandError.message).not.toContain('secret-123');
    expect(commandError.stderrTail).toBe('bad ***');
  });

  it('tryRun reports a non-zero exit without throwing', async () => {
    const result = await runner.tryRun(['sh', '-c', 'exit 4'], { timeoutMs: 5_000 });
    expect(result.code).toBe(4);
  });

  it('settles once with a timeout error when the command overruns', async () => {
    const started = Date.now();
    const error = await runner.run(['sleep', '10'], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a command that cannot start', async () => {
    const error = await runner.run(['/nonexistent/infinity-binary'], { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toContain('/nonexistent/infinity-binary');
  });
});

describe('CommandError', () => {
  it('replaces the secrets it is given in its command line, stderr tail and reason', () => {
    const error = new CommandError({
      argv: ['tgtadm', '--password', 'sekrit-12345'],
      timedOut: false,
      stderr: 'tgtadm: bad password sekrit-12345\n',
      reason: 'could not start (spawn tgtadm --password sekrit-12345 ENOENT)',
      secrets: ['sekrit-12345'],
    });
    expect(error.message).toBe(
      'Command `tgtadm --password ***` could not start (spawn tgtadm --password *** ENOENT): tgtadm: bad password ***',
    );
    expect(error.argv).toEqual(['tgtadm', '--password', '***']);
    expect(error.stderrTail).toBe('tgtadm: bad password ***');
  });
});

describe('redact', () => {
  it('replaces every secret in every argument and ignores empty secrets', () => {
    expect(redact(['a', 'user:pw', 'pwpw'], ['pw', ''])).toEqual(['a', 'user:***', '******']);
  });

  it('replaces a secret that holds another one whole', () => {
    expect(redact(['pw-and-more'], ['pw', 'pw-and-more'])).toEqual(['***']);
  });
});
