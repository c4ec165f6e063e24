import { describe, expect, it } from 'vitest';
import * as tgt from './commands.js';

const base = ['tgtadm', '-C', '7', '--lld', 'iscsi'];

describe('tgtadm builders', () => {
  it.each([
    [tgt.showTargets(7), [...base, '--mode', 'target', '--op', 'show']],
    [tgt.newTarget(7, 3, 'iqn.x:y'), [...base, '--mode', 'target', '--op', 'new', '--tid', '3', '--targetname', 'iqn.x:y']],
    [tgt.deleteTarget(7, 3), [...base, '--mode', 'target', '--op', 'delete', '--force', '--tid', '3']],
    [tgt.newDiskLun(7, 3, '/p/d.raw', false), [...base, '--mode', 'logicalunit', '--op', 'new', '--tid', '3', '--lun', '1', '--backing-store', '/p/d.raw']],
    [tgt.newDiskLun(7, 3, '/p/d.raw', true), [...base, '--mode', 'logicalunit', '--op', 'new', '--tid', '3', '--lun', '1', '--backing-store', '/p/d.raw', '--bsoflags', 'sync']],
    [tgt.deleteDiskLun(7, 3), [...base, '--mode', 'logicalunit', '--op', 'delete', '--tid', '3', '--lun', '1']],
    [tgt.deleteSystem(7), ['tgtadm', '-C', '7', '--op', 'delete', '--mode', 'system']],
    [tgt.setLunReadOnly(7, 3, true), [...base, '--mode', 'logicalunit', '--op', 'update', '--tid', '3', '--lun', '1', '--params', 'readonly=1']],
    [tgt.bindInitiator(7, 3, 'iqn.h:a'), [...base, '--mode', 'target', '--op', 'bind', '--tid', '3', '--initiator-name', 'iqn.h:a']],
    [tgt.unbindInitiator(7, 3, 'iqn.h:a'), [...base, '--mode', 'target', '--op', 'unbind', '--tid', '3', '--initiator-name', 'iqn.h:a']],
    [tgt.newAccount(7, 'u', 's'), [...base, '--mode', 'account', '--op', 'new', '--user', 'u', '--password', 's']],
    [tgt.bindAccount(7, 3, 'u'), [...base, '--mode', 'account', '--op', 'bind', '--tid', '3', '--user', 'u']],
    [tgt.deleteAccount(7, 'u'), [...base, '--mode', 'account', '--op', 'delete', '--user', 'u']],
  ])('builds %j', (argv, expected) => {
    expect(argv).toEqual(expected);
  });
});
