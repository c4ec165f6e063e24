import { describe, expect, it } from 'vitest';
import { FakeRunner } from './fake-runner.js';
import { CommandError, LocalRunner } from './run.js';
import { parseSshLocation, remoteCommand, shellQuote, SshRunner, sshArgv } from './ssh-runner.js';

const config = { user: 'root', host: 'storage-1.lan', port: 2222, keyFile: '/k/id', knownHostsFile: '/k/known_hosts' };
const sshPrefix = [
  'ssh', '-T', '-i', '/k/id', '-p', '2222', '-l', 'root',
  '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', 'UserKnownHostsFile=/k/known_hosts',
  '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'UpdateHostKeys=no', '-o', 'IdentitiesOnly=yes',
  '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=15', '-o', 'ServerAliveCountMax=3', '-o', 'LogLevel=ERROR',
  '--', 'storage-1.lan',
];

const nasty = ['tank/my drive', "it's", 'a"b', '$HOME', '`id`', 'x; rm -rf /', 'a\\b', '', '*', 'line\nbreak', "''", '-n'];

describe('shell quoting for the remote command line', () => {
  it.each([
    ['plain', "'plain'"],
    ['two words', "'two words'"],
    ["it's", `'it'\\''s'`],
    ['$x;y', "'$x;y'"],
    ['', "''"],
  ])('quotes %j as %s', (arg, quoted) => {
    expect(shellQuote(arg)).toBe(quoted);
  });

  it('a POSIX shell splits the command line back into exactly the original argv', async () => {
    // What sshd does with the command line: hand it to the user's shell with -c.
    const line = remoteCommand(['printf', '%s\\0', ...nasty]);
    for (const shell of ['sh', 'bash']) {
      const result = await new LocalRunner().run([shell, '-c', line], { timeoutMs: 5_000 });
      expect(result.stdout.split('\0').slice(0, -1)).toEqual(nasty);
    }
  });

  it('refuses an empty argv', () => {
    expect(() => remoteCommand([])).toThrow(TypeError);
  });
});

describe('SshRunner', () => {
  it('builds one ssh argv: batch mode, pinned host keys, one key, the quoted command last', () => {
    expect(sshArgv(config, ['zfs', 'list', 'tank/a b'])).toEqual([...sshPrefix, "'zfs' 'list' 'tank/a b'"]);
    expect(sshArgv({ ...config, controlDir: '/run/c' }, ['true']).slice(-9)).toEqual([
      '-o', 'ControlMaster=auto', '-o', 'ControlPath=/run/c/%C', '-o', 'ControlPersist=60', '--', 'storage-1.lan', "'true'",
    ]);
  });

  it('passes stdin, exit codes and output of the remote command through', async () => {
    const local = new FakeRunner([{ argv: [...sshPrefix, "'tee' '/sys/x'"], input: 'value', stdout: 'value' }, { argv: [...sshPrefix, "'false'"], code: 1 }]);
    const runner = new SshRunner(config, local);
    expect(await runner.run(['tee', '/sys/x'], { timeoutMs: 1_000, input: 'value' })).toEqual({ code: 0, stdout: 'value', stderr: '' });
    expect((await runner.tryRun(['false'], { timeoutMs: 1_000 })).code).toBe(1);
  });

  it("treats ssh's own failure (255) as an error even in tryRun", async () => {
    const local = new FakeRunner([{ argv: [...sshPrefix, "'true'"], code: 255, stderr: 'Host key verification failed.' }]);
    await expect(new SshRunner(config, local).tryRun(['true'], { timeoutMs: 1_000 })).rejects.toThrow(/could not reach root@storage-1.lan:2222 over SSH: Host key verification failed/);
  });

  it('keeps secrets out of its errors: in the quoted remote command line and in the remote stderr', async () => {
    const secret = "it's-a-secret";
    const line = "'printf' '%s' 'it'\\''s-a-secret'";
    const local = new FakeRunner([{ argv: [...sshPrefix, line], code: 1, stderr: `refused ${secret}\n` }]);
    const run = new SshRunner(config, local).run(['printf', '%s', secret], { timeoutMs: 1_000, secrets: [secret] });
    const error = (await run.catch((e: unknown) => e)) as CommandError;
    expect(error).toBeInstanceOf(CommandError);
    expect(error.message).toContain('refused ***');
    expect(error.message).not.toContain('secret');
    expect(error.argv.join(' ')).not.toContain('secret');
  });

  it('refuses destinations that ssh could read as options', () => {
    expect(() => new SshRunner({ ...config, host: '-oProxyCommand=x' })).toThrow(/not a valid SSH destination/);
    expect(() => new SshRunner({ ...config, user: '-l' })).toThrow(/not a valid SSH destination/);
  });
});

describe('ssh:// pool locations', () => {
  it.each([
    ['ssh://root@box/tank/infinity', { user: 'root', host: 'box', port: 22, path: 'tank/infinity' }],
    ['ssh://zfs@10.0.0.5:2222/tank', { user: 'zfs', host: '10.0.0.5', port: 2222, path: 'tank' }],
    ['ssh://root@[fd00::1]:22/tank/x', { user: 'root', host: '[fd00::1]', port: 22, path: 'tank/x' }],
    ['ssh://root@127.0.0.1:2222/tank?iscsi-portal=127.0.0.1:13260', {
      user: 'root', host: '127.0.0.1', port: 2222, path: 'tank', iscsiPortal: { host: '127.0.0.1', port: 13260 },
    }],
    ['ssh://root@box/tank?iscsi-portal=[fd00::2]:3260', {
      user: 'root', host: 'box', port: 22, path: 'tank', iscsiPortal: { host: 'fd00::2', port: 3260 },
    }],
  ])('parses %s', (location, expected) => {
    expect(parseSshLocation(location)).toEqual(expected);
  });

  it.each([
    'ssh://box/tank', 'ssh://root@box', 'ssh://root@box:99999/tank', 'ssh://-oProxyCommand=x@box/tank',
    'root@box:/tank', 'ssh://root@bad host/tank', 'ssh://root@box/tank?iscsi-portal=box',
    'ssh://root@box/tank?iscsi-portal=box:70000', 'ssh://root@box/tank?portal=box:3260',
  ])('rejects %s', (location) => {
    expect(() => parseSshLocation(location)).toThrow(/not an SSH pool location/);
  });
});
