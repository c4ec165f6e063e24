/**
 * tgtadm argv builders (pure; unit-tested). Every call names tgtd's control port, so the
 * server's tgtd and a test's tgtd never see each other's targets.
 */
const tgtadm = (control: number, ...rest: string[]) => ['tgtadm', '-C', String(control), '--lld', 'iscsi', ...rest];

export const showTargets = (control: number) => tgtadm(control, '--mode', 'target', '--op', 'show');

export const newTarget = (control: number, tid: number, iqn: string) =>
  tgtadm(control, '--mode', 'target', '--op', 'new', '--tid', String(tid), '--targetname', iqn);

export const deleteTarget = (control: number, tid: number) =>
  tgtadm(control, '--mode', 'target', '--op', 'delete', '--force', '--tid', String(tid));

/** LUN 1 is the disk: tgt's LUN 0 is its controller. */
export const newDiskLun = (control: number, tid: number, path: string, syncWrites: boolean) =>
  tgtadm(control, '--mode', 'logicalunit', '--op', 'new', '--tid', String(tid), '--lun', '1', '--backing-store', path, ...(syncWrites ? ['--bsoflags', 'sync'] : []));

export const setLunReadOnly = (control: number, tid: number, readOnly: boolean) =>
  tgtadm(control, '--mode', 'logicalunit', '--op', 'update', '--tid', String(tid), '--lun', '1', '--params', `readonly=${readOnly ? 1 : 0}`);

export const bindInitiator = (control: number, tid: number, iqn: string) =>
  tgtadm(control, '--mode', 'target', '--op', 'bind', '--tid', String(tid), '--initiator-name', iqn);

export const unbindInitiator = (control: number, tid: number, iqn: string) =>
  tgtadm(control, '--mode', 'target', '--op', 'unbind', '--tid', String(tid), '--initiator-name', iqn);

export const newAccount = (control: number, user: string, secret: string) =>
  tgtadm(control, '--mode', 'account', '--op', 'new', '--user', user, '--password', secret);

export const bindAccount = (control: number, tid: number, user: string) =>
  tgtadm(control, '--mode', 'account', '--op', 'bind', '--tid', String(tid), '--user', user);

export const deleteAccount = (control: number, user: string) => tgtadm(control, '--mode', 'account', '--op', 'delete', '--user', user);

export const showAccounts = (control: number) => tgtadm(control, '--mode', 'account', '--op', 'show');

/** Ends tgtd (it ignores SIGTERM); it refuses while targets exist. */
export const deleteSystem = (control: number) =>
  ['tgtadm', '-C', String(control), '--op', 'delete', '--mode', 'system'];

export const deleteDiskLun = (control: number, tid: number) =>
  tgtadm(control, '--mode', 'logicalunit', '--op', 'delete', '--tid', String(tid), '--lun', '1');
