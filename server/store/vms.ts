import type { VmState } from '../../lib/catalog.js';
import type { Db } from './db.js';
import { normalName } from '../../lib/names.js';

export interface Nic {
  slot: number;
  type: string;
  attachment: 'nat' | 'bridged' | 'virtual';
  network: number | null;
  mac: string;
}

export interface VmAdvanced {
  ioapic: boolean;
  vtx: boolean;
  synthCpu: boolean;
  nestedPaging: boolean;
  largePages: boolean;
  vpid: boolean;
  hpet: boolean;
  usbEhci: boolean;
  pae: boolean;
  hdController: string;
  cpuCount: number;
  executionCap: number;
  chipset: string;
}

/** The settings a user edits (manual: "VM Settings", "VM Audio", "VM Advanced"). */
export interface VmSettings {
  vendor: string;
  osType: string;
  ramMb: number;
  vramMb: number;
  sharedPercent: number;
  rdpAuth: 'host' | 'none';
  cdrom: boolean;
  usb: boolean;
  fusion: boolean;
  threeD: boolean;
  autoBoot: boolean;
  audio: string;
  comment: string;
  advanced: VmAdvanced;
}

export interface Vm extends VmSettings {
  id: string;
  name: string;
  isTemplate: boolean;
  state: VmState;
  hostGroupId: string | null;
  hostGroup: string | null;
  hostId: string | null;
  nics: Nic[];
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

/** Column <-> field pairs for the flat settings; booleans are stored as 0/1. */
const SETTING_COLUMNS = [
  ['vendor', 'vendor', 'text'],
  ['osType', 'os_type', 'text'],
  ['ramMb', 'ram_mb', 'int'],
  ['vramMb', 'vram_mb', 'int'],
  ['sharedPercent', 'shared_percent', 'int'],
  ['rdpAuth', 'rdp_auth', 'text'],
  ['cdrom', 'cdrom', 'bool'],
  ['usb', 'usb', 'bool'],
  ['fusion', 'fusion', 'bool'],
  ['threeD', 'three_d', 'bool'],
  ['autoBoot', 'auto_boot', 'bool'],
  ['audio', 'audio', 'text'],
  ['comment', 'comment', 'text'],
] as const;

const ADVANCED_COLUMNS = [
  ['ioapic', 'ioapic', 'bool'],
  ['vtx', 'vtx', 'bool'],
  ['synthCpu', 'synth_cpu', 'bool'],
  ['nestedPaging', 'nested_paging', 'bool'],
  ['largePages', 'large_pages', 'bool'],
  ['vpid', 'vpid', 'bool'],
  ['hpet', 'hpet', 'bool'],
  ['usbEhci', 'usb_ehci', 'bool'],
  ['pae', 'pae', 'bool'],
  ['hdController', 'hd_controller', 'text'],
  ['cpuCount', 'cpu_count', 'int'],
  ['executionCap', 'execution_cap', 'int'],
  ['chipset', 'chipset', 'text'],
] as const;

type Raw = Record<string, string | number | null>;

function fromColumns<T>(raw: Raw, columns: readonly (readonly [string, string, string])[]): T {
  const out: Record<string, unknown> = {};
  for (const [field, column, kind] of columns) out[field] = kind === 'bool' ? raw[column] === 1 : raw[column];
  return out as T;
}

function toColumnValue(kind: string, value: unknown): unknown {
  return kind === 'bool' ? (value ? 1 : 0) : value;
}

const SELECT_VM = `SELECT v.*, g.name AS host_group_name FROM vms v LEFT JOIN host_groups g ON g.id = v.host_group_id`;

function toVm(raw: Raw, nics: Nic[]): Vm {
  return {
    id: raw.id as string,
    name: raw.name as string,
    isTemplate: raw.is_template === 1,
    state: raw.state as VmState,
    hostGroupId: raw.host_group_id as string | null,
    hostGroup: raw.host_group_name as string | null,
    hostId: raw.host_id as string | null,
    ...fromColumns<Omit<VmSettings, 'advanced'>>(raw, SETTING_COLUMNS),
    advanced: fromColumns<VmAdvanced>(raw, ADVANCED_COLUMNS),
    nics,
    createdAt: raw.created_at as string,
    updatedAt: raw.updated_at as string,
    createdBy: raw.created_by as string | null,
  };
}

function nicsOf(db: Db, vmIds: string[]): Map<string, Nic[]> {
  const byVm = new Map<string, Nic[]>();
  if (vmIds.length === 0) return byVm;
  const rows = db
    .prepare(`SELECT * FROM vm_nics WHERE vm_id IN (SELECT value FROM json_each(?)) ORDER BY vm_id, slot`)
    .all(JSON.stringify(vmIds)) as { vm_id: string; slot: number; type: string; attachment: Nic['attachment']; network: number | null; mac: string }[];
  for (const r of rows) {
    const list = byVm.get(r.vm_id) ?? [];
    list.push({ slot: r.slot, type: r.type, attachment: r.attachment, network: r.network, mac: r.mac });
    byVm.set(r.vm_id, list);
  }
  return byVm;
}

export interface VmFilter {
  /** Only VMs this user holds a grant on (regular and restricted users). */
  visibleTo?: string;
  templates?: boolean;
  hostGroupId?: string;
}

export function listVms(db: Db, filter: VmFilter = {}): Vm[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.visibleTo !== undefined) {
    where.push(`v.id IN (SELECT object_id FROM grants WHERE user_id = ? AND object_type = 'vm')`);
    args.push(filter.visibleTo);
  }
  if (filter.templates !== undefined) {
    where.push('v.is_template = ?');
    args.push(filter.templates ? 1 : 0);
  }
  if (filter.hostGroupId !== undefined) {
    where.push('v.host_group_id = ?');
    args.push(filter.hostGroupId);
  }
  const rows = db.prepare(`${SELECT_VM}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY v.name`).all(...args) as Raw[];
  const nics = nicsOf(db, rows.map((r) => r.id as string));
  return rows.map((r) => toVm(r, nics.get(r.id as string) ?? []));
}

export function getVm(db: Db, id: string): Vm | undefined {
  const raw = db.prepare(`${SELECT_VM} WHERE v.id = ?`).get(id) as Raw | undefined;
  return raw && toVm(raw, nicsOf(db, [id]).get(id) ?? []);
}

export function getVmByName(db: Db, name: string): Vm | undefined {
  const raw = db.prepare(`${SELECT_VM} WHERE v.name = ?`).get(normalName(name)) as Raw | undefined;
  return raw && toVm(raw, nicsOf(db, [raw.id as string]).get(raw.id as string) ?? []);
}

export function vmNameExists(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM vms WHERE name = ?').get(normalName(name)) !== undefined;
}

export function insertVm(db: Db, vm: Vm): void {
  const columns = ['id', 'name', 'is_template', 'state', 'host_group_id', 'host_id', 'created_at', 'updated_at', 'created_by'];
  const values: unknown[] = [vm.id, vm.name, vm.isTemplate ? 1 : 0, vm.state, vm.hostGroupId, vm.hostId, vm.createdAt, vm.updatedAt, vm.createdBy];
  for (const [field, column, kind] of SETTING_COLUMNS) {
    columns.push(column);
    values.push(toColumnValue(kind, vm[field]));
  }
  for (const [field, column, kind] of ADVANCED_COLUMNS) {
    columns.push(column);
    values.push(toColumnValue(kind, vm.advanced[field]));
  }
  db.prepare(`INSERT INTO vms (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
  replaceNics(db, vm.id, vm.nics);
}

export interface VmPatch extends Partial<Omit<VmSettings, 'advanced'>> {
  name?: string;
  advanced?: Partial<VmAdvanced>;
  hostGroupId?: string | null;
  isTemplate?: boolean;
  nics?: Nic[];
}

export function updateVm(db: Db, id: string, patch: VmPatch, updatedAt: string): void {
  const sets: string[] = ['updated_at = ?'];
  const values: unknown[] = [updatedAt];
  const add = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    values.push(value);
  };
  if (patch.name !== undefined) add('name', patch.name);
  if (patch.hostGroupId !== undefined) add('host_group_id', patch.hostGroupId);
  if (patch.isTemplate !== undefined) add('is_template', patch.isTemplate ? 1 : 0);
  for (const [field, column, kind] of SETTING_COLUMNS) {
    if (patch[field] !== undefined) add(column, toColumnValue(kind, patch[field]));
  }
  for (const [field, column, kind] of ADVANCED_COLUMNS) {
    const value = patch.advanced?.[field];
    if (value !== undefined) add(column, toColumnValue(kind, value));
  }
  db.prepare(`UPDATE vms SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  if (patch.nics !== undefined) replaceNics(db, id, patch.nics);
}

function replaceNics(db: Db, vmId: string, nics: Nic[]): void {
  db.prepare('DELETE FROM vm_nics WHERE vm_id = ?').run(vmId);
  const insert = db.prepare('INSERT INTO vm_nics (vm_id, slot, type, attachment, network, mac) VALUES (?, ?, ?, ?, ?, ?)');
  for (const n of nics) insert.run(vmId, n.slot, n.type, n.attachment, n.network, n.mac);
}

export function deleteVm(db: Db, id: string): void {
  db.prepare('DELETE FROM vms WHERE id = ?').run(id);
}

export function insertTeleportRequest(
  db: Db,
  r: { id: string; vmId: string; fromHostGroupId: string | null; toHostGroupId: string | null; requestedAt: string; requestedBy: string },
): void {
  db.prepare(
    `INSERT INTO teleport_requests (id, vm_id, from_host_group_id, to_host_group_id, requested_at, requested_by) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(r.id, r.vmId, r.fromHostGroupId, r.toHostGroupId, r.requestedAt, r.requestedBy);
}

export interface TeleportRequest {
  id: string;
  vmId: string;
  fromHostGroupId: string | null;
  toHostGroupId: string | null;
  status: string;
  requestedAt: string;
  requestedBy: string | null;
}

export function listTeleportRequests(db: Db, vmId: string): TeleportRequest[] {
  return (
    db.prepare('SELECT * FROM teleport_requests WHERE vm_id = ? ORDER BY requested_at').all(vmId) as Raw[]
  ).map((r) => ({
    id: r.id as string,
    vmId: r.vm_id as string,
    fromHostGroupId: r.from_host_group_id as string | null,
    toHostGroupId: r.to_host_group_id as string | null,
    status: r.status as string,
    requestedAt: r.requested_at as string,
    requestedBy: r.requested_by as string | null,
  }));
}
