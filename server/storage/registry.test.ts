import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../lib/exec/fake-runner.js';
import { SshLinks } from '../../lib/exec/ssh-links.js';
import { createStoragePool } from './registry.js';

const settings = { keyFile: '/k/id', knownHostsFile: '/k/kh' };
const links = (runner: FakeRunner) => new SshLinks(runner, settings);

describe('storage registry', () => {
  it('a zfs pool with a dataset runs zfs on this server', async () => {
    const runner = new FakeRunner([{ argv: ['zfs', 'get', '-Hp', '-o', 'property,value', 'used,available', 'tank/infinity'], stdout: 'used\t1\navailable\t2\n' }]);
    const pool = createStoragePool({ driver: 'zfs', location: 'tank/infinity' }, runner, links(runner));
    expect(pool.driver).toBe('zfs');
    expect(await pool.space()).toEqual({ sizeBytes: 3, usedBytes: 1, freeBytes: 2 });
  });

  it('an ssh:// location runs the same zfs commands on the storage box', async () => {
    const runner = new FakeRunner([{
      argv: ['ssh', '-T', '-i', '/k/id', '-p', '2222', '-l', 'root', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', 'UserKnownHostsFile=/k/kh',
        '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'UpdateHostKeys=no', '-o', 'IdentitiesOnly=yes', '-o', 'ConnectTimeout=10', '-o', 'ServerAliveInterval=15',
        '-o', 'ServerAliveCountMax=3', '-o', 'LogLevel=ERROR', '--', 'box', "'zfs' 'get' '-Hp' '-o' 'property,value' 'used,available' 'tank/infinity'"],
      stdout: 'used\t1\navailable\t2\n',
    }]);
    const location = 'ssh://root@box:2222/tank/infinity';
    const pool = createStoragePool({ driver: 'zfs', location }, runner, links(runner));
    expect(await pool.space()).toEqual({ sizeBytes: 3, usedBytes: 1, freeBytes: 2 });
    expect(pool.devicePath('d1')).toBe('/dev/zvol/tank/infinity/drive-d1');
  });

  it('refuses a malformed location', () => {
    const runner = new FakeRunner();
    const make = (location: string) => () => createStoragePool({ driver: 'zfs', location }, runner, links(runner));
    expect(make('ssh://box/tank')).toThrow(/not an SSH pool location/);
    expect(make('/tank')).toThrow(/not a ZFS dataset name/);
  });
});
