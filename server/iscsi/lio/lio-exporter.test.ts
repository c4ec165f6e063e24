import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FakeRunner, type ExpectedCall } from '../../../lib/exec/fake-runner.js';
import * as lio from './commands.js';
import { LioExporter } from './lio-exporter.js';
import { parseTree } from './parse.js';

/**
 * LioExporter against replayed configfs listings, recorded from LIO in the ZFS test VM
 * with one drive exported (test/fixtures/lio/): drive D for host-a with CHAP.
 */
const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/lio/${name}`, import.meta.url), 'utf8');
const T = lio.CONFIGFS;
const D = 'dddddddd-0000-4000-8000-000000000004';
const E = 'eeeeeeee-0000-4000-8000-000000000005';
const HOST_A = 'iqn.2026-11.org.infinity:host-a';
const iqnD = `iqn.2026-11.org.infinity:drive-${D}`;
const tpgD = `${T}/iscsi/${iqnD}/tpgt_1`;
const aclD = `${tpgD}/acls/${HOST_A}`;
const storeD = `${T}/core/iblock_0/drive-${D}`;
const portal = { host: '127.0.0.1', port: 3260 };

const emptyTree: ExpectedCall[] = [
  { argv: lio.listDirectories('iblock_0'), code: 1, stderr: `find: ${T}/iscsi: No such file or directory\nfind: ${T}/core/iblock_0: No such file or directory\n` },
  { argv: lio.listLinks(), code: 1, stderr: `find: ${T}/iscsi: No such file or directory\n` },
];
const recordedTree: ExpectedCall[] = [
  { argv: lio.listDirectories('iblock_0'), stdout: fixture('find-dirs.txt') },
  { argv: lio.listLinks(), stdout: fixture('find-links.txt') },
];
const steps = (id: string, over: Partial<lio.ExportPlan> = {}): ExpectedCall[] =>
  lio.exportSteps({
    iqn: `iqn.2026-11.org.infinity:drive-${id}`, hba: 'iblock_0', backstore: `drive-${id}`, devicePath: `/dev/zvol/tank/infinity/drive-${id}`, listen: '0.0.0.0:3260',
    initiatorIqn: HOST_A, chap: { user: `inf-${id}`, secret: 'secret-1' }, readOnly: false, ...over,
  }).map((s) => ({ argv: s.argv, ...(s.input === undefined ? {} : { input: s.input }) }));
const spec = (id: string) => ({
  driveId: id, devicePath: `/dev/zvol/tank/infinity/drive-${id}`, initiatorIqn: HOST_A, chap: { user: `inf-${id}`, secret: 'secret-1' }, readOnly: false, syncWrites: false,
});

describe('LIO configfs tree parser (recorded)', () => {
  it('finds the target, its TPG, LUN 0 and link, the portal, the ACL and its mapped LUN, and our storage object', () => {
    const tree = parseTree(fixture('find-dirs.txt'), fixture('find-links.txt'), 'iblock_0');
    expect(tree.backstores).toEqual([`drive-${D}`]);
    expect(tree.targets).toEqual([{
      iqn: iqnD,
      tpgs: [{ tag: 'tpgt_1', luns: [{ name: 'lun_0', links: [`drive-${D}`] }], portals: ['0.0.0.0:3260'], acls: [{ initiator: HOST_A, mappedLuns: [{ name: 'lun_0', links: ['lun_0'] }] }] }],
    }]);
  });
});

describe('LioExporter (replayed configfs)', () => {
  it('exports into an empty configfs once the device exists, with the secret only on stdin', async () => {
    const runner = new FakeRunner([...emptyTree, { argv: ['test', '-b', `/dev/zvol/tank/infinity/drive-${E}`] }, ...steps(E)]);
    expect(await new LioExporter({ portal }, runner).export(spec(E))).toEqual({ targetIqn: `iqn.2026-11.org.infinity:drive-${E}`, portal });
    expect(runner.done).toBe(true);
    expect(runner.calls.some((c) => c.argv.join(' ').includes('secret-1'))).toBe(false);
  });

  it('lists what configfs holds, reading the CHAP user but never the password', async () => {
    const files = [`${storeD}/udev_path`, `${aclD}/auth/userid`, `${aclD}/lun_0/write_protect`];
    const runner = new FakeRunner([...recordedTree, { argv: lio.readAttributes(files), stdout: fixture('grep-attributes.txt') }]);
    expect(await new LioExporter({ portal }, runner).list()).toEqual([
      { driveId: D, targetIqn: iqnD, devicePath: `/dev/zvol/tank/infinity/drive-${D}`, initiators: [HOST_A], chapUser: `inf-${D}`, readOnly: false },
    ]);
    expect(runner.calls.some((c) => c.argv.some((a) => a.includes('password')))).toBe(false);
  });

  it('unexport takes the tree down leaves first, then the storage object', async () => {
    const runner = new FakeRunner([
      ...recordedTree,
      { argv: ['tee', `${tpgD}/enable`], input: '0' },
      { argv: ['rm', `${aclD}/lun_0/lun_0`] },
      { argv: ['rmdir', `${aclD}/lun_0`] },
      { argv: ['rmdir', aclD] },
      { argv: ['rm', `${tpgD}/lun/lun_0/drive-${D}`] },
      { argv: ['rmdir', `${tpgD}/lun/lun_0`] },
      { argv: ['rmdir', `${tpgD}/np/0.0.0.0:3260`] },
      { argv: ['rmdir', tpgD] },
      { argv: ['rmdir', `${T}/iscsi/${iqnD}`] },
      { argv: ['rmdir', storeD] },
    ]);
    await new LioExporter({ portal }, runner).unexport(D);
    expect(runner.done).toBe(true);
  });

  it('a step failing half-way removes what was made and reports a storage command error', async () => {
    const made = steps(E).slice(0, 3);
    const store = `${T}/core/iblock_0/drive-${E}`;
    const runner = new FakeRunner([
      ...emptyTree,
      { argv: ['test', '-b', `/dev/zvol/tank/infinity/drive-${E}`] },
      ...made,
      { ...steps(E)[3]!, code: 1, stderr: `tee: ${store}/control: Invalid argument\n` },
      { argv: lio.listDirectories('iblock_0'), stdout: `${T}/core/iblock_0\n${store}\n${T}/iscsi\n` },
      { argv: lio.listLinks() },
      { argv: ['rmdir', store] },
    ]);
    await expect(new LioExporter({ portal }, runner).export(spec(E))).rejects.toMatchObject({ code: 'INF_ERR_STORAGE_COMMAND', message: expect.stringContaining('Invalid argument') });
    expect(runner.done).toBe(true);
  });

  it("a failing step's error keeps the CHAP secret out, even when the command echoes it", async () => {
    const all = steps(E);
    const password = all.findIndex((s) => s.input === 'secret-1');
    const runner = new FakeRunner([
      ...emptyTree,
      { argv: ['test', '-b', `/dev/zvol/tank/infinity/drive-${E}`] },
      ...all.slice(0, password),
      { ...all[password]!, code: 1, stdout: 'secret-1', stderr: 'tee: write error: secret-1 is refused\n' },
      ...emptyTree,
    ]);
    const exported = new LioExporter({ portal }, runner).export(spec(E));
    const error = (await exported.catch((e: unknown) => e)) as Error & { cause: Error };
    expect(error.message).toContain('is refused');
    expect(error.message).not.toContain('secret-1');
    expect(JSON.stringify({ ...error.cause, message: error.cause.message })).not.toContain('secret-1');
    expect(runner.done).toBe(true);
  });
});
