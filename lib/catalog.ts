/**

 * Fixed vocabularies of the manual, shared by the server's schemas, the CLI and the
 * console, so that every layer offers and accepts the same values.
 */
export const ROLES = ['admin', 'regular', 'restricted'] as const;
export type Role = (typeof ROLES)[number];

/** How long an account password may be, in characters. */
export const PASSWORD_LIMITS = { min: 8, max: 128 } as const;

/** The kinds of object a user can be granted. */
export const GRANT_TYPES = ['vm', 'drive', 'host_group', 'vm_group'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** A drive's compression and IO Sync settings (manual: "Drive properties"). */
export const COMPRESSIONS = ['off', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const IO_SYNC = ['standard', 'always'] as const;
export type IoSync = (typeof IO_SYNC)[number];

/** How the server connects to its SMTP server (manual: "Mail settings"). */
export const MAIL_SECURITY = ['none', 'starttls', 'tls'] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** The server log's levels: pino's numeric levels. */
export const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;
/** The levels from least to most severe (a tuple, so that a schema of them types each one). */
export const LOG_LEVEL_NAMES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const satisfies
  readonly LogLevelName[];

export const HOST_GROUP_TYPES = ['distributed', 'replicated', 'baremetal'] as const;
export type HostGroupType = (typeof HOST_GROUP_TYPES)[number];

/** VirtualBox's six network cards (manual: "VM Network Properties"). */
export const NIC_TYPES = ['Am79C970A', 'Am79C973', '82540EM', '82543GC', '82545EM', 'virtio'] as const;
export const NIC_ATTACHMENTS = ['nat', 'bridged', 'virtual'] as const;
export const MAX_NICS = 8;
export const MAX_VIRTUAL_NETWORK = 50;

export const AUDIO_TYPES = ['none', 'hda', 'ac97', 'sb16'] as const;
export const RDP_AUTH = ['host', 'none'] as const;
export const HD_CONTROLLERS = ['ide', 'sata', 'scsi', 'sas', 'virtio'] as const;
export const CHIPSETS = ['piix3', 'ich9'] as const;
export const VM_STATES = ['POWERED_OFF', 'STARTING', 'RUNNING', 'PAUSED', 'SUSPENDED', 'STOPPING', 'ABORTED'] as const;
export type VmState = (typeof VM_STATES)[number];

/** The "Vendor" and "OS Type" pickers of the manual's Create VM dialog. */
export const OS_CATALOG: Readonly<Record<string, readonly string[]>> = {
  'Microsoft Desktop': [
    'Windows 3.1', 'Windows 95', 'Windows 98', 'Windows ME', 'Windows 2000', 'Windows XP (32 bit)',
    'Windows XP (64 bit)', 'Windows Vista (32 bit)', 'Windows Vista (64 bit)', 'Windows 7 (32 bit)',
    'Windows 7 (64 bit)', 'Windows 8 (32 bit)', 'Windows 8 (64 bit)', 'Windows 10 (64 bit)', 'Windows 11 (64 bit)',
  ],
  'Microsoft Server': [
    'Windows NT 4', 'Windows Server 2003 (32 bit)', 'Windows Server 2003 (64 bit)', 'Windows Server 2008 (32 bit)',
    'Windows Server 2008 (64 bit)', 'Windows Server 2012 (64 bit)', 'Windows Server 2016 (64 bit)',
    'Windows Server 2019 (64 bit)', 'Windows Server 2022 (64 bit)',
  ],
  Linux: [
    'Debian (32 bit)', 'Debian (64 bit)', 'Ubuntu (32 bit)', 'Ubuntu (64 bit)', 'Fedora (64 bit)',
    'Red Hat (64 bit)', 'openSUSE (64 bit)', 'Arch Linux (64 bit)', 'Other Linux (32 bit)', 'Other Linux (64 bit)',
  ],
  Solaris: ['Solaris 10 (64 bit)', 'Solaris 11 (64 bit)', 'OpenSolaris (64 bit)', 'OmniOS (64 bit)'],
  BSD: ['FreeBSD (32 bit)', 'FreeBSD (64 bit)', 'OpenBSD (64 bit)', 'NetBSD (64 bit)'],
  Other: ['DOS', 'OS/2', 'Other (32 bit)', 'Other (64 bit)'],
};

export const VM_LIMITS = {
  nameMax: 64,
  commentMax: 4096,
  ramMbMin: 4,
  ramMbMax: 1_048_576,
  vramMbMax: 256,
  cpuMax: 64,
} as const;
