/**
 * LIO through configfs, as argv (pure; unit-tested): a target is a tree of directories,
 * attribute files and symlinks under /sys/kernel/config/target. Directories are made and
 * removed with mkdir/rmdir, links with ln -s/rm, and attributes are written by `tee` with
 * the value on stdin, so a CHAP secret never appears in an argv or a process listing.
 * Everything goes through the Runner, so the same steps work on a storage box over SSH.
 */
export const CONFIGFS = '/sys/kernel/config/target';
/** One portal group per target; the LUN is 0, as LIO's own tools number it. */
export const TPG = 'tpgt_1';
export const LUN = 'lun_0';

export interface Step {
  argv: string[];
  /** stdin for `tee`: the attribute's value, written without a newline. */
  input?: string;
}

export const mkdir = (path: string): Step => ({ argv: ['mkdir', path] });
export const mkdirParents = (path: string): Step => ({ argv: ['mkdir', '-p', path] });
export const rmdir = (path: string): Step => ({ argv: ['rmdir', path] });
export const symlink = (target: string, path: string): Step => ({ argv: ['ln', '-s', target, path] });
export const unlink = (path: string): Step => ({ argv: ['rm', path] });
export const write = (path: string, value: string): Step => ({ argv: ['tee', path], input: value });

export const backstorePath = (hba: string, name: string) => `${CONFIGFS}/core/${hba}/${name}`;
export const targetPath = (iqn: string) => `${CONFIGFS}/iscsi/${iqn}`;
export const tpgPath = (iqn: string) => `${targetPath(iqn)}/${TPG}`;

export interface ExportPlan {
  iqn: string;
  hba: string;
  backstore: string;
  devicePath: string;
  /** The np directory name, host:port of the address LIO listens on. */
  listen: string;
  initiatorIqn: string;
  chap: { user: string; secret: string } | null;
  readOnly: boolean;
}

/**
 * The whole export, in an order that admits nobody until the end: the TPG is enabled
 * last, after its ACL and CHAP account exist. Demo mode stays off (generate_node_acls=0),
 * so only the one initiator with an ACL node can log in.
 */
export function exportSteps(p: ExportPlan): Step[] {
  const store = backstorePath(p.hba, p.backstore);
  const tpg = tpgPath(p.iqn);
  const acl = `${tpg}/acls/${p.initiatorIqn}`;
  return [
    mkdirParents(`${CONFIGFS}/core/${p.hba}`),
    // The fabric's directory appears on first use (making it loads iscsi_target_mod).
    mkdirParents(`${CONFIGFS}/iscsi`),
    mkdir(store),
    write(`${store}/control`, `udev_path=${p.devicePath}${p.readOnly ? ',readonly=1' : ''}`),
    // control tells iblock what to open; the udev_path attribute is what reads back.
    write(`${store}/udev_path`, p.devicePath),
    write(`${store}/enable`, '1'),
    mkdir(targetPath(p.iqn)),
    mkdir(tpg),
    mkdir(`${tpg}/lun/${LUN}`),
    symlink(store, `${tpg}/lun/${LUN}/${p.backstore}`),
    mkdir(`${tpg}/np/${p.listen}`),
    write(`${tpg}/attrib/generate_node_acls`, '0'),
    write(`${tpg}/attrib/cache_dynamic_acls`, '0'),
    write(`${tpg}/attrib/demo_mode_write_protect`, '1'),
    write(`${tpg}/attrib/authentication`, p.chap ? '1' : '0'),
    mkdir(acl),
    mkdir(`${acl}/${LUN}`),
    symlink(`${tpg}/lun/${LUN}`, `${acl}/${LUN}/${LUN}`),
    write(`${acl}/${LUN}/write_protect`, p.readOnly ? '1' : '0'),
    ...(p.chap ? [write(`${acl}/auth/userid`, p.chap.user), write(`${acl}/auth/password`, p.chap.secret)] : []),
    write(`${tpg}/enable`, '1'),
  ];
}

/**
 * The configfs tree of every target and of our backstores, as two listings (directories
 * down to mapped LUNs, then the links beneath them), since configfs files, directories and
 * links look alike in a plain listing.
 */
export function listDirectories(hba: string): string[] {
  return ['find', `${CONFIGFS}/iscsi`, `${CONFIGFS}/core/${hba}`, '-maxdepth', '5', '-type', 'd'];
}

export function listLinks(): string[] {
  return ['find', `${CONFIGFS}/iscsi`, '-maxdepth', '6', '-type', 'l'];
}

/** `path:value` lines for the given attribute files (missing or empty files print nothing). */
export function readAttributes(paths: string[]): string[] {
  return ['grep', '-H', '', ...paths];
}

export const deviceExists = (path: string): string[] => ['test', '-b', path];
