import { CONFIGFS } from './commands.js';

/**
 * Reads LIO's configfs tree back from `find` listings (see commands.ts). Only the known
 * shapes are picked up (targets, TPGs, LUNs, portals, ACLs, mapped LUNs, links); the many
 * attribute and statistics directories LIO adds are skipped.
 */
export interface LioLun {
  name: string;
  links: string[];
}

export interface LioAcl {
  initiator: string;
  mappedLuns: LioLun[];
}

export interface LioTpg {
  tag: string;
  luns: LioLun[];
  portals: string[];
  acls: LioAcl[];
}

export interface LioTarget {
  iqn: string;
  tpgs: LioTpg[];
}

export interface LioTree {
  targets: LioTarget[];
  /** Storage objects in the given HBA (`core/<hba>/<name>`). */
  backstores: string[];
}

const TARGET_NAME = /^(?:iqn|eui|naa)\./;
const TPG = /^tpgt_\d+$/;
const LUN = /^lun_\d+$/;

function relative(line: string): string[] | undefined {
  const prefix = `${CONFIGFS}/`;
  return line.startsWith(prefix) ? line.slice(prefix.length).split('/') : undefined;
}

export function parseTree(directories: string, links: string, hba: string): LioTree {
  const targets = new Map<string, LioTarget>();
  const backstores: string[] = [];
  const target = (iqn: string) => {
    let t = targets.get(iqn);
    if (!t) targets.set(iqn, (t = { iqn, tpgs: [] }));
    return t;
  };
  const tpg = (iqn: string, tag: string) => {
    const t = target(iqn);
    let g = t.tpgs.find((x) => x.tag === tag);
    if (!g) t.tpgs.push((g = { tag, luns: [], portals: [], acls: [] }));
    return g;
  };
  const acl = (g: LioTpg, initiator: string) => {
    let a = g.acls.find((x) => x.initiator === initiator);
    if (!a) g.acls.push((a = { initiator, mappedLuns: [] }));
    return a;
  };
  const lun = (luns: LioLun[], name: string) => {
    let l = luns.find((x) => x.name === name);
    if (!l) luns.push((l = { name, links: [] }));
    return l;
  };

  for (const line of directories.split('\n')) {
    const p = relative(line.trim());
    if (!p) continue;
    if (p[0] === 'core' && p[1] === hba && p.length === 3) backstores.push(p[2]!);
    if (p[0] !== 'iscsi' || !p[1] || !TARGET_NAME.test(p[1])) continue;
    const [, iqn, tag, kind, name, sub] = p as [string, string, string?, string?, string?, string?];
    if (p.length === 2) target(iqn);
    if (!tag || !TPG.test(tag)) continue;
    const g = tpg(iqn, tag);
    if (p.length === 5 && kind === 'lun' && LUN.test(name!)) lun(g.luns, name!);
    if (p.length === 5 && kind === 'np') g.portals.push(name!);
    if (p.length === 5 && kind === 'acls') acl(g, name!);
    if (p.length === 6 && kind === 'acls' && LUN.test(sub!)) lun(acl(g, name!).mappedLuns, sub!);
  }

  for (const line of links.split('\n')) {
    const p = relative(line.trim());
    if (!p || p[0] !== 'iscsi' || !p[1] || !TARGET_NAME.test(p[1]) || !p[2] || !TPG.test(p[2])) continue;
    const g = tpg(p[1], p[2]);
    if (p.length === 6 && p[3] === 'lun' && LUN.test(p[4]!)) lun(g.luns, p[4]!).links.push(p[5]!);
    if (p.length === 7 && p[3] === 'acls' && LUN.test(p[5]!)) lun(acl(g, p[4]!).mappedLuns, p[5]!).links.push(p[6]!);
  }
  return { targets: [...targets.values()], backstores };
}

/**
 * `grep -H '' FILE...` output: `path:value` per line of each non-empty file. Paths hold
 * colons themselves (IQNs), so values are found by the paths asked for, longest first.
 */
export function parseAttributes(output: string, paths: readonly string[]): Map<string, string> {
  const byLength = [...paths].sort((a, b) => b.length - a.length);
  const values = new Map<string, string>();
  for (const line of output.split('\n')) {
    const path = byLength.find((candidate) => line.startsWith(`${candidate}:`));
    if (path !== undefined && !values.has(path)) values.set(path, line.slice(path.length + 1));
  }
  return values;
}
