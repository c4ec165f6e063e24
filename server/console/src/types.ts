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
export const CHIPSETS = ['piix3', 'ich9'] as const;
export const MAX_NICS = 8;
export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', regular: 'Regular user', restricted: 'Restricted user' };
/** The manual: administrators have a brown icon, other accounts a blue one. */
export const ROLE_COLOURS: Record<Role, string> = { admin: '#8b4513', regular: '#1677ff', restricted: '#1677ff' };
