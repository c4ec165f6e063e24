import { describe, expect, it } from 'vitest';
import { FakeRunner } from '../../lib/exec/fake-runner.js';
import { SshLinks } from '../../lib/exec/ssh-links.js';
import type { IscsiExporter } from './exporter.js';
import { chooseExporter, type LocalExporter } from './registry.js';

const links = new SshLinks(new FakeRunner(), { keyFile: '/k/id', knownHostsFile: '/k/kh' });
const fake = (kind: 'tgt' | 'lio'): IscsiExporter => ({
  kind, portal: { host: '10.0.0.1', port: 3260 },
  export: async () => ({ targetIqn: '', portal: { host: '', port: 0 } }),
  showNewSize: async () => undefined,
  unexport: async () => undefined,
  list: async () => [],
});
const tgt: LocalExporter = { exporter: fake('tgt') };
const lio: LocalExporter = { exporter: fake('lio') };
const none: LocalExporter = { exporter: null, reason: 'iSCSI is turned off' };

/** What the choice comes to: this server's own exporter, LIO on a box (and where initiators reach it), or a refusal. */
function outcome(driver: 'file' | 'zfs', location: string, local: LocalExporter): string {
  const choice = chooseExporter({ driver, location }, local, links);
  if ('reason' in choice) return `none: ${choice.reason}`;
  const exporter = choice.make();
  if (choice.key === 'local') return `local ${exporter.kind}`;
  return `${exporter.kind} at ${exporter.portal.host}:${exporter.portal.port} (${choice.key})`;
}

describe('the iSCSI registry: one exporter per pool', () => {
  it.each([
    ['file', '/srv/pool', tgt, 'local tgt'],
    ['file', '/srv/pool', lio,
      'none: file pools are exported by tgt, and this server serves iSCSI with LIO (--iscsi lio)'],
    ['file', '/srv/pool', none, 'none: iSCSI is turned off'],
    ['zfs', 'tank/infinity', tgt, 'local tgt'],
    ['zfs', 'tank/infinity', lio, 'local lio'],
    ['zfs', 'tank/infinity', none, 'none: iSCSI is turned off'],
    ['zfs', 'ssh://root@box/tank/infinity', none, 'lio at box:3260 (lio root@box:22 portal box:3260)'],
    ['zfs', 'ssh://root@127.0.0.1:2222/tank?iscsi-portal=127.0.0.1:13260', tgt,
      'lio at 127.0.0.1:13260 (lio root@127.0.0.1:2222 portal 127.0.0.1:13260)'],
    ['zfs', 'ssh://root@[fd00::1]/tank', tgt, 'lio at fd00::1:3260 (lio root@[fd00::1]:22 portal fd00::1:3260)'],
  ] as const)('%s pool at %s -> %s', (driver, location, local, expected) => {
    expect(outcome(driver, location, local)).toBe(expected);
  });

  it('a pool on a box and its LIO exporter use the one SSH link to that box', () => {
    const a = links.runner({ user: 'root', host: 'box', port: 22 });
    expect(links.runner({ user: 'root', host: 'box', port: 22 })).toBe(a);
    expect(links.runner({ user: 'root', host: 'box', port: 2222 })).not.toBe(a);
  });
});
