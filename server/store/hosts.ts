import type { HostAudioSupport, HostLogLevel } from '../../lib/host-settings.js';
import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

/** The manual's "Agent configuration settings" that the server keeps for each Host. */
export interface HostSettings {
  ramCapMb: number;
  headless: boolean;
  fullScreen: boolean;
  threeD: boolean;
  useHostCache: boolean;
  kiosk: boolean;
  hostRdp: boolean;
  autoReset: boolean;
  seamless: boolean;
  pageFusion: boolean;
  agentInterface: string;
  bridgedInterface: string;
  audioSupport: HostAudioSupport;
  rdpCommand: string;
  logLevel: HostLogLevel;
  backupDirectory: string;
  comment: string;
}

export interface Host extends HostSettings {
  id: string;
  name: string;
  hostGroupId: string;
  hostGroup: string;
  mac: string | null;
  online: boolean;
  lastSeenAt: string | null;
  /** VMs the Host runs now (vms.host_id). */
  runningVms: number;
  createdAt: string;
  createdBy: string | null;
}

export const HOST_SETTING_COLUMNS = [
  ['ramCapMb', 'ram_cap_mb', 'int'],
  ['headless', 'headless', 'bool'],
  ['fullScreen', 'full_screen', 'bool'],
  ['threeD', 'three_d', 'bool'],
  ['useHostCache', 'use_host_cache', 'bool'],
  ['kiosk', 'kiosk', 'bool'],
  ['hostRdp', 'host_rdp', 'bool'],
  ['autoReset', 'auto_reset', 'bool'],
  ['seamless', 'seamless', 'bool'],
  ['pageFusion', 'page_fusion', 'bool'],
  ['agentInterface', 'agent_interface', 'text'],
  ['bridgedInterface', 'bridged_interface', 'text'],
  ['audioSupport', 'audio_support', 'text'],
  ['rdpCommand', 'rdp_command', 'text'],
  ['logLevel', 'log_level', 'text'],
  ['backupDirectory', 'backup_directory', 'text'],
  ['comment', 'comment', 'text'],
] as const satisfies readonly (readonly [keyof HostSettings, string, 'int' | 'bool' | 'text'])[];

type Raw = Record<string, string | number | null>;

const SELECT_HOST = `SELECT h.*, g.name AS host_group_name,
  (SELECT count(*) FROM vms v WHERE v.host_id = h.id) AS running_vms
  FROM hosts h JOIN host_groups g ON g.id = h.host_group_id`;

function toHost(raw: Raw): Host {
  const settings: Record<string, unknown> = {};
  for (const [field, column, kind] of HOST_SETTING_COLUMNS) settings[field] = kind === 'bool' ? raw[column] === 1 : raw[column];
  return {
    id: raw.id as string,
    name: raw.name as string,
    hostGroupId: raw.host_group_id as string,
    hostGroup: raw.host_group_name as string,
    mac: raw.mac as string | null,
    online: raw.online === 1,
    lastSeenAt: raw.last_seen_at as string | null,
    runningVms: raw.running_vms as number,
    ...(settings as unknown as HostSettings),
    createdAt: raw.created_at as string,
    createdBy: raw.created_by as string | null,
  };
}

export interface HostFilter {
  /** Only Hosts of Host Groups this user holds a grant on. */
  visibleTo?: string;
  hostGroupId?: string;
}

export function listHosts(db: Db, filter: HostFilter = {}): Host[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.visibleTo !== undefined) {
    where.push(`h.host_group_id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'host_group')`);
    args.push(filter.visibleTo);
  }
  if (filter.hostGroupId !== undefined) {
    where.push('h.host_group_id = ?');
    args.push(filter.hostGroupId);
  }
  return (db.prepare(`${SELECT_HOST}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY h.name`).all(...args) as Raw[]).map(toHost);
}

export function getHost(db: Db, id: string): Host | undefined {
  const raw = db.prepare(`${SELECT_HOST} WHERE h.id = ?`).get(id) as Raw | undefined;
  return raw && toHost(raw);
}

export function getHostByName(db: Db, name: string): Host | undefined {
  const raw = db.prepare(`${SELECT_HOST} WHERE h.name = ?`).get(normalName(name)) as Raw | undefined;
  return raw && toHost(raw);
}

export function getHostByMac(db: Db, mac: string): Host | undefined {
  const raw = db.prepare(`${SELECT_HOST} WHERE h.mac = ?`).get(mac) as Raw | undefined;
  return raw && toHost(raw);
}

export function insertHost(db: Db, h: { id: string; name: string; hostGroupId: string; mac: string | null; createdAt: string; createdBy: string }): void {
  db.prepare('INSERT INTO hosts (id, name, host_group_id, mac, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(
    h.id, h.name, h.hostGroupId, h.mac, h.createdAt, h.createdBy,
  );
}

export interface HostPatch extends Partial<HostSettings> {
  name?: string;
  mac?: string | null;
  hostGroupId?: string;
}

export function updateHost(db: Db, id: string, patch: HostPatch): void {
  const sets: string[] = [];
  const values: unknown[] = [];
  const add = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    values.push(value);
  };
  if (patch.name !== undefined) add('name', patch.name);
  if (patch.mac !== undefined) add('mac', patch.mac);
  if (patch.hostGroupId !== undefined) add('host_group_id', patch.hostGroupId);
  for (const [field, column, kind] of HOST_SETTING_COLUMNS) {
    const value = patch[field];
    if (value !== undefined) add(column, kind === 'bool' ? (value ? 1 : 0) : value);
  }
  if (sets.length > 0) db.prepare(`UPDATE hosts SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
}

export function deleteHost(db: Db, id: string): void {
  db.prepare('DELETE FROM hosts WHERE id = ?').run(id);
}
