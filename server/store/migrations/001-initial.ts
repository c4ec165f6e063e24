/**
 * The first schema: every object the manual names. Ids are text (UUIDs decided by the
 * command that creates the object); names that users type are unique where the manual
 * addresses objects by name. Booleans are 0/1 integers with CHECKs.
 */
export const sql = /* sql */ `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'regular', 'restricted')),
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE servers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  address TEXT NOT NULL,
  online INTEGER NOT NULL DEFAULT 1 CHECK (online IN (0, 1)),
  is_local INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE storage_pools (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  server_id TEXT NOT NULL REFERENCES servers(id),
  driver TEXT NOT NULL CHECK (driver IN ('file', 'zfs')),
  location TEXT NOT NULL,
  online INTEGER NOT NULL DEFAULT 1 CHECK (online IN (0, 1)),
  created_at TEXT NOT NULL
);

CREATE TABLE host_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  type TEXT NOT NULL CHECK (type IN ('distributed', 'replicated', 'baremetal')),
  mac TEXT UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  CHECK ((type = 'baremetal') = (mac IS NOT NULL))
);

CREATE TABLE hosts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  host_group_id TEXT NOT NULL REFERENCES host_groups(id),
  mac TEXT UNIQUE,
  online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
  last_seen_at TEXT,
  ram_cap_mb INTEGER NOT NULL DEFAULT 0,
  headless INTEGER NOT NULL DEFAULT 0,
  full_screen INTEGER NOT NULL DEFAULT 1,
  three_d INTEGER NOT NULL DEFAULT 0,
  use_host_cache INTEGER NOT NULL DEFAULT 0,
  kiosk INTEGER NOT NULL DEFAULT 0,
  host_rdp INTEGER NOT NULL DEFAULT 0,
  auto_reset INTEGER NOT NULL DEFAULT 1,
  seamless INTEGER NOT NULL DEFAULT 0,
  page_fusion INTEGER NOT NULL DEFAULT 0,
  agent_interface TEXT NOT NULL DEFAULT '',
  bridged_interface TEXT NOT NULL DEFAULT '',
  audio_support TEXT NOT NULL DEFAULT 'none',
  rdp_command TEXT NOT NULL DEFAULT '',
  log_level TEXT NOT NULL DEFAULT 'info',
  backup_directory TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE vms (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  vendor TEXT NOT NULL,
  os_type TEXT NOT NULL,
  is_template INTEGER NOT NULL DEFAULT 0 CHECK (is_template IN (0, 1)),
  state TEXT NOT NULL DEFAULT 'POWERED_OFF'
    CHECK (state IN ('POWERED_OFF', 'STARTING', 'RUNNING', 'PAUSED', 'SUSPENDED', 'STOPPING', 'ABORTED')),
  host_group_id TEXT REFERENCES host_groups(id),
  host_id TEXT REFERENCES hosts(id) ON DELETE SET NULL,
  ram_mb INTEGER NOT NULL,
  vram_mb INTEGER NOT NULL,
  shared_percent INTEGER NOT NULL DEFAULT 0,
  rdp_auth TEXT NOT NULL DEFAULT 'host' CHECK (rdp_auth IN ('host', 'none')),
  cdrom INTEGER NOT NULL DEFAULT 1,
  usb INTEGER NOT NULL DEFAULT 1,
  fusion INTEGER NOT NULL DEFAULT 0,
  three_d INTEGER NOT NULL DEFAULT 0,
  auto_boot INTEGER NOT NULL DEFAULT 0,
  audio TEXT NOT NULL DEFAULT 'hda' CHECK (audio IN ('none', 'hda', 'ac97', 'sb16')),
  comment TEXT NOT NULL DEFAULT '',
  ioapic INTEGER NOT NULL DEFAULT 1,
  vtx INTEGER NOT NULL DEFAULT 1,
  synth_cpu INTEGER NOT NULL DEFAULT 0,
  nested_paging INTEGER NOT NULL DEFAULT 1,
  large_pages INTEGER NOT NULL DEFAULT 0,
  vpid INTEGER NOT NULL DEFAULT 1,
  hpet INTEGER NOT NULL DEFAULT 0,
  usb_ehci INTEGER NOT NULL DEFAULT 0,
  pae INTEGER NOT NULL DEFAULT 0,
  hd_controller TEXT NOT NULL DEFAULT 'sata' CHECK (hd_controller IN ('ide', 'sata', 'scsi', 'sas', 'virtio')),
  cpu_count INTEGER NOT NULL DEFAULT 1,
  execution_cap INTEGER NOT NULL DEFAULT 100,
  chipset TEXT NOT NULL DEFAULT 'piix3' CHECK (chipset IN ('piix3', 'ich9')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  CHECK (is_template = 0 OR host_group_id IS NULL)
);
CREATE INDEX vms_host_group ON vms(host_group_id);

CREATE TABLE vm_nics (
  vm_id TEXT NOT NULL REFERENCES vms(id) ON DELETE CASCADE,
  slot INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 7),
  type TEXT NOT NULL CHECK (type IN ('Am79C970A', 'Am79C973', '82540EM', '82543GC', '82545EM', 'virtio')),
  attachment TEXT NOT NULL CHECK (attachment IN ('nat', 'bridged', 'virtual')),
  network INTEGER CHECK (network BETWEEN 1 AND 50),
  mac TEXT NOT NULL,
  PRIMARY KEY (vm_id, slot),
  CHECK ((attachment = 'virtual') = (network IS NOT NULL))
);

CREATE TABLE teleport_requests (
  id TEXT PRIMARY KEY,
  vm_id TEXT NOT NULL REFERENCES vms(id) ON DELETE CASCADE,
  from_host_group_id TEXT REFERENCES host_groups(id) ON DELETE SET NULL,
  to_host_group_id TEXT REFERENCES host_groups(id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  requested_at TEXT NOT NULL,
  requested_by TEXT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE drives (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  vm_id TEXT REFERENCES vms(id) ON DELETE SET NULL,
  position INTEGER,
  pool_id TEXT NOT NULL REFERENCES storage_pools(id),
  size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
  sparse INTEGER NOT NULL DEFAULT 0,
  compression TEXT NOT NULL DEFAULT 'off' CHECK (compression IN ('off', 'lz4', 'zstd')),
  read_only INTEGER NOT NULL DEFAULT 0,
  is_primary INTEGER NOT NULL DEFAULT 1,
  auto_failover INTEGER NOT NULL DEFAULT 0,
  reservation_percent INTEGER NOT NULL DEFAULT 0 CHECK (reservation_percent BETWEEN 0 AND 100),
  type TEXT NOT NULL DEFAULT 'sata' CHECK (type IN ('ide', 'sata', 'scsi', 'sas', 'virtio')),
  io_sync TEXT NOT NULL DEFAULT 'standard' CHECK (io_sync IN ('standard', 'always')),
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX drives_vm ON drives(vm_id);

CREATE TABLE snapshots (
  id TEXT PRIMARY KEY,
  drive_id TEXT NOT NULL REFERENCES drives(id) ON DELETE CASCADE,
  vm_id TEXT REFERENCES vms(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  task_id TEXT
);
CREATE INDEX snapshots_drive ON snapshots(drive_id);

CREATE TABLE vm_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE vm_group_members (
  vm_group_id TEXT NOT NULL REFERENCES vm_groups(id) ON DELETE CASCADE,
  vm_id TEXT NOT NULL REFERENCES vms(id) ON DELETE CASCADE,
  PRIMARY KEY (vm_group_id, vm_id)
);

CREATE TABLE grants (
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  object_type TEXT NOT NULL CHECK (object_type IN ('vm', 'drive', 'host_group', 'vm_group')),
  object_id TEXT NOT NULL,
  granted_at TEXT NOT NULL,
  PRIMARY KEY (user_id, object_type, object_id)
);
CREATE INDEX grants_object ON grants(object_type, object_id);

CREATE TABLE backup_profiles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  comment TEXT NOT NULL DEFAULT '',
  rules TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE tasks (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('snapshot', 'backup', 'replication', 'reservation')),
  vm_id TEXT REFERENCES vms(id) ON DELETE CASCADE,
  drive_id TEXT REFERENCES drives(id) ON DELETE CASCADE,
  backup_profile_id TEXT REFERENCES backup_profiles(id) ON DELETE CASCADE,
  every INTEGER NOT NULL CHECK (every > 0),
  unit TEXT NOT NULL CHECK (unit IN ('minutes', 'hours', 'days', 'weeks')),
  hour_of_day INTEGER NOT NULL DEFAULT -1 CHECK (hour_of_day BETWEEN -1 AND 23),
  max_count INTEGER NOT NULL DEFAULT 0,
  max_space_bytes INTEGER NOT NULL DEFAULT 0,
  comment TEXT NOT NULL DEFAULT '',
  last_run_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL
);

CREATE TABLE backup_jobs (
  id TEXT PRIMARY KEY,
  vm_id TEXT REFERENCES vms(id) ON DELETE SET NULL,
  task_id TEXT REFERENCES tasks(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('full', 'differential', 'incremental')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'cancelled', 'error')),
  location TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  started_at TEXT,
  finished_at TEXT
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE command_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  actor_id TEXT,
  at TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  payload TEXT NOT NULL,
  result TEXT NOT NULL
);
`;
