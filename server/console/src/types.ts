/** The API's objects as the console reads them (see /api/openapi.json). */
import type { Role } from './api';

export interface Nic {
  slot?: number;
  type: string;
  attachment: 'nat' | 'bridged' | 'virtual';
  network: number | null;
  mac?: string;
}

export interface Advanced {
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

export interface Vm {
  id: string;
  name: string;
  isTemplate: boolean;
  state: string;
  hostGroupId: string | null;
  hostGroup: string | null;
  hostId: string | null;
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
  advanced: Advanced;
  nics: Nic[];
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

export interface User {
  id: string;
  name: string;
  role: Role;
  builtin: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

export type GrantType = 'vm' | 'drive' | 'host_group' | 'vm_group';

export interface Grant {
  userId: string;
  objectType: GrantType;
  objectId: string;
  objectName: string;
  grantedAt: string;
}

export interface HostGroup {
  id: string;
  name: string;
  type: 'distributed' | 'replicated' | 'baremetal';
  mac: string | null;
  vms: number;
  hosts: number;
  createdAt: string;
  createdBy: string | null;
}

export interface Host {
  id: string;
  name: string;
  hostGroupId?: string | null;
  [key: string]: unknown;
}

export interface Server {
  id: string;
  name: string;
  address?: string;
  [key: string]: unknown;
}

export interface VmGroup {
  id: string;
  name: string;
  [key: string]: unknown;
}

export type OsTypes = Record<string, string[]>;

export interface Pool {
  id: string;
  name: string;
  driver: 'file' | 'zfs';
  location: string;
  online: boolean;
  server: string;
  sizeBytes: number | null;
  freeBytes: number | null;
  usedBytes: number | null;
  drives: number;
  thinClones: boolean | null;
  error: string | null;
  createdAt: string;
}

export interface Drive {
  id: string;
  name: string;
  vmId: string | null;
  /** VM name; null: unassigned (brown), else assigned (green). */
  vm: string | null;
  position: number | null;
  poolId: string;
  pool: string;
  server: string;
  size: number;
  used: number | null;
  snapshotSpace: number | null;
  snapshots: number;
  sparse: boolean;
  compression: Compression;
  readOnly: boolean;
  isPrimary: boolean;
  autoFailover: boolean;
  reservationPercent: number;
  type: string;
  ioSync: IoSync;
  comment: string;
  originSnapshotId: string | null;
  createdAt: string;
}

export interface Snapshot {
  id: string;
  driveId: string;
  drive: string;
  vmId: string | null;
  vmSnapshotId: string | null;
  createdAt: string;
  comment: string;
  taskId: string | null;
  /** Names of drives cloned from it: it cannot be deleted while any exist. */
  clones: string[];
}

export interface VmSnapshot {
  id: string;
  createdAt: string;
  comment: string;
  taskId: string | null;
  snapshots: Snapshot[];
}

/** The manual's vocabularies, as the API spells them. */
export const NIC_TYPES = ['Am79C970A', 'Am79C973', '82540EM', '82543GC', '82545EM', 'virtio'] as const;
export const NIC_ATTACHMENTS = [
  { value: 'nat', label: 'NAT' },
  { value: 'bridged', label: 'Bridged' },
  { value: 'virtual', label: 'Virtual' },
] as const;
export const AUDIO_TYPES = [
  { value: 'none', label: 'None' },
  { value: 'hda', label: 'HDA (Intel High Definition Audio)' },
  { value: 'ac97', label: "AC97 (Intel AC'97)" },
  { value: 'sb16', label: 'SB16 (SoundBlaster 16)' },
] as const;
export const HD_CONTROLLERS = ['ide', 'sata', 'scsi', 'sas', 'virtio'] as const;
export const COMPRESSIONS = ['off', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const IO_SYNC = ['standard', 'always'] as const;
export type IoSync = (typeof IO_SYNC)[number];
/** The manual: drives assigned to a VM are green, unassigned ones brown. */
export const DRIVE_COLOURS = { assigned: '#2e7d32', unassigned: '#8b4513' } as const;
export const driveColour = (d: Pick<Drive, 'vm'>) => (d.vm === null ? DRIVE_COLOURS.unassigned : DRIVE_COLOURS.assigned);
export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

/** Bytes as the manual shows them: 1 G, 2.6 M, 0 B. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || value >= 100 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
export const CHIPSETS = ['piix3', 'ich9'] as const;
export const MAX_NICS = 8;
export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', regular: 'Regular user', restricted: 'Restricted user' };
/** The manual: administrators have a brown icon, other accounts a blue one. */
export const ROLE_COLOURS: Record<Role, string> = { admin: '#8b4513', regular: '#1677ff', restricted: '#1677ff' };
