import { describe, expect, it } from 'vitest';
import * as lio from './commands.js';

const T = '/sys/kernel/config/target';
const iqn = 'iqn.2026-11.org.infinity:drive-d1';
const tpg = `${T}/iscsi/${iqn}/tpgt_1`;
const acl = `${tpg}/acls/iqn.2026-11.org.infinity:host-a`;
const store = `${T}/core/iblock_0/drive-d1`;
const plan: lio.ExportPlan = {
  iqn, hba: 'iblock_0', backstore: 'drive-d1', devicePath: '/dev/zvol/tank/drive-d1', listen: '0.0.0.0:3260',
  initiatorIqn: 'iqn.2026-11.org.infinity:host-a', chap: { user: 'inf-d1', secret: 's3cret-value' }, readOnly: false,
};

describe('LIO configfs steps', () => {
  it('exports with an iblock store, LUN 0, one ACL with CHAP, demo mode off, and enables the TPG last', () => {
    expect(lio.exportSteps(plan)).toEqual([
      { argv: ['mkdir', '-p', `${T}/core/iblock_0`] },
      { argv: ['mkdir', '-p', `${T}/iscsi`] },
      { argv: ['mkdir', store] },
      { argv: ['tee', `${store}/control`], input: 'udev_path=/dev/zvol/tank/drive-d1' },
      { argv: ['tee', `${store}/udev_path`], input: '/dev/zvol/tank/drive-d1' },
      { argv: ['tee', `${store}/enable`], input: '1' },
      { argv: ['mkdir', `${T}/iscsi/${iqn}`] },
      { argv: ['mkdir', tpg] },
      { argv: ['mkdir', `${tpg}/lun/lun_0`] },
      { argv: ['ln', '-s', store, `${tpg}/lun/lun_0/drive-d1`] },
      { argv: ['mkdir', `${tpg}/np/0.0.0.0:3260`] },
      { argv: ['tee', `${tpg}/attrib/generate_node_acls`], input: '0' },
      { argv: ['tee', `${tpg}/attrib/cache_dynamic_acls`], input: '0' },
      { argv: ['tee', `${tpg}/attrib/demo_mode_write_protect`], input: '1' },
      { argv: ['tee', `${tpg}/attrib/authentication`], input: '1' },
      { argv: ['mkdir', acl] },
      { argv: ['mkdir', `${acl}/lun_0`] },
      { argv: ['ln', '-s', `${tpg}/lun/lun_0`, `${acl}/lun_0/lun_0`] },
      { argv: ['tee', `${acl}/lun_0/write_protect`], input: '0' },
      { argv: ['tee', `${acl}/auth/userid`], input: 'inf-d1' },
      { argv: ['tee', `${acl}/auth/password`], input: 's3cret-value' },
      { argv: ['tee', `${tpg}/enable`], input: '1' },
    ]);
  });

  it('never puts the CHAP secret in an argv', () => {
    for (const step of lio.exportSteps(plan)) expect(step.argv.join(' ')).not.toContain('s3cret');
  });

  it('read-only: the store opens the device read-only and the mapped LUN is write-protected', () => {
    const steps = lio.exportSteps({ ...plan, readOnly: true });
    expect(steps).toContainEqual({ argv: ['tee', `${store}/control`], input: 'udev_path=/dev/zvol/tank/drive-d1,readonly=1' });
    expect(steps).toContainEqual({ argv: ['tee', `${acl}/lun_0/write_protect`], input: '1' });
  });

  it('without CHAP (an explicit choice) authentication is off but the ACL still decides', () => {
    const steps = lio.exportSteps({ ...plan, chap: null });
    expect(steps).toContainEqual({ argv: ['tee', `${tpg}/attrib/authentication`], input: '0' });
    expect(steps).toContainEqual({ argv: ['tee', `${tpg}/attrib/generate_node_acls`], input: '0' });
    expect(steps.some((s) => s.argv[1]?.includes('/auth/'))).toBe(false);
  });

  it.each([
    [lio.listDirectories('iblock_0'), ['find', `${T}/iscsi`, `${T}/core/iblock_0`, '-maxdepth', '5', '-type', 'd']],
    [lio.listLinks(), ['find', `${T}/iscsi`, '-maxdepth', '6', '-type', 'l']],
    [lio.readAttributes(['/a', '/b']), ['grep', '-H', '', '/a', '/b']],
    [lio.rmdir('/x').argv, ['rmdir', '/x']],
    [lio.unlink('/x/l').argv, ['rm', '/x/l']],
    [lio.deviceExists('/dev/zd0'), ['test', '-b', '/dev/zd0']],
  ])('builds %j', (argv, expected) => {
    expect(argv).toEqual(expected);
  });
});
