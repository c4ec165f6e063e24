import type { Compression, IoSync } from '../../../lib/catalog.js';
import { shellQuote } from '../../../lib/exec/ssh-runner.js';

/**
 * argv builders for zfs(8) (pure; unit-tested). Reads ask for machine output (-H: no
 * header, tab-separated; -p: exact numbers), and every dataset we make carries
 * `infinity:id` so reconciliation never depends on guessing from names.
 */
export const ID_PROPERTY = 'infinity:id';
/** Sparse is a choice of ours; refreservation alone cannot tell it once dynamic reservation sets one. */
export const SPARSE_PROPERTY = 'infinity:sparse';

export interface ZvolSettings {
  compression: Compression;
  readOnly: boolean;
  ioSync: IoSync;
}

export interface CreateZvol extends ZvolSettings {
  dataset: string;
  id: string;
  sizeBytes: number;
  sparse: boolean;
  volblocksize: number;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');

function settings(s: ZvolSettings): string[] {
  return ['-o', `compression=${s.compression}`, '-o', `readonly=${onOff(s.readOnly)}`, '-o', `sync=${s.ioSync}`];
}

/**
 * Without -s, zfs create reserves the whole size (refreservation), so the pool never
 * over-commits a thick drive. (OpenZFS 2.1 answers "out of space" to an explicit
 * `-o refreservation=auto` at creation, so the default does that work.)
 */
export function createZvol(c: CreateZvol): string[] {
  return [
    'zfs', 'create', ...(c.sparse ? ['-s'] : []), '-V', String(c.sizeBytes),
    '-o', `volblocksize=${c.volblocksize}`, ...settings(c), '-o', `${SPARSE_PROPERTY}=${onOff(c.sparse)}`, '-o', `${ID_PROPERTY}=${c.id}`, c.dataset,
  ];
}

/**
 * The parent dataset, made on first use. Only here -p: on an existing dataset it succeeds
 * silently and ignores every -o, which would hide a duplicate volume id.
 */
export function createParent(dataset: string): string[] {
  return ['zfs', 'create', '-p', dataset];
}

/** Clones start without a reservation; a thick clone gets one afterwards (reserveFully). */
export function cloneSnapshot(snapshot: string, dataset: string, clone: ZvolSettings & { id: string; sparse: boolean }): string[] {
  return ['zfs', 'clone', ...settings(clone), '-o', `${SPARSE_PROPERTY}=${onOff(clone.sparse)}`, '-o', `${ID_PROPERTY}=${clone.id}`, snapshot, dataset];
}

/** What dynamic reservation reads, one value a line in this order: size, data written, our sparse marker. */
export function getReservationInputs(dataset: string): string[] {
  return ['zfs', 'get', '-Hp', '-o', 'value', `volsize,referenced,${SPARSE_PROPERTY}`, dataset];
}

/** refreservation guarantees the volume's own data that much space; 0 removes it. */
export function setRefreservation(dataset: string, bytes: number): string[] {
  return ['zfs', 'set', `refreservation=${bytes === 0 ? 'none' : String(bytes)}`, dataset];
}

/** Reserve the volume's whole size; zfs keeps it in step with later volsize changes. */
export function reserveFully(dataset: string): string[] {
  return ['zfs', 'set', 'refreservation=auto', dataset];
}

export function snapshot(name: string, id: string): string[] {
  return ['zfs', 'snapshot', '-o', `${ID_PROPERTY}=${id}`, name];
}

/** -r takes the volume's own snapshots with it; never -R, which would destroy clones too. */
export function destroyVolume(dataset: string): string[] {
  return ['zfs', 'destroy', '-r', dataset];
}

/**
 * The clone takes over its origin's snapshots up to the one it was cloned from, and the
 * origin becomes a clone of it: how a volume whose snapshots have clones can go.
 */
export function promote(dataset: string): string[] {
  return ['zfs', 'promote', dataset];
}

export function destroySnapshot(name: string): string[] {
  return ['zfs', 'destroy', name];
}

/** Without -r: zfs itself refuses when newer snapshots exist, as the file driver does. */
export function rollback(snapshotName: string): string[] {
  return ['zfs', 'rollback', snapshotName];
}

export function setVolsize(dataset: string, sizeBytes: number): string[] {
  return ['zfs', 'set', `volsize=${sizeBytes}`, dataset];
}

export function setProperties(dataset: string, p: Partial<ZvolSettings>): string[] {
  const pairs = [
    ...(p.compression === undefined ? [] : [`compression=${p.compression}`]),
    ...(p.readOnly === undefined ? [] : [`readonly=${onOff(p.readOnly)}`]),
    ...(p.ioSync === undefined ? [] : [`sync=${p.ioSync}`]),
  ];
  return ['zfs', 'set', ...pairs, dataset];
}

export const VOLUME_COLUMNS = ['name', 'volsize', 'used', 'usedbysnapshots', 'compression', 'readonly', 'sync', 'origin', ID_PROPERTY, SPARSE_PROPERTY] as const;
export const SNAPSHOT_COLUMNS = ['name', 'used', 'clones', ID_PROPERTY] as const;

/** The volumes directly under the parent (or one volume, when given its dataset). */
export function listVolumes(dataset: string, depth: 0 | 1): string[] {
  return ['zfs', 'list', '-Hp', '-t', 'volume', '-d', String(depth), '-o', VOLUME_COLUMNS.join(','), dataset];
}

/** Oldest first (creation order), so the last one is what rollback accepts. */
export function listSnapshots(dataset: string): string[] {
  return ['zfs', 'list', '-Hp', '-t', 'snapshot', '-d', '1', '-s', 'createtxg', '-o', SNAPSHOT_COLUMNS.join(','), dataset];
}

export function getSpace(dataset: string): string[] {
  return ['zfs', 'get', '-Hp', '-o', 'property,value', 'used,available', dataset];
}

/**
 * `zfs program` runs a Lua channel program in one transaction group set: the program comes
 * on stdin ("-"), the datasets as its own argv, so no name is ever part of the program.
 */
export function channelProgram(pool: string, args: readonly string[]): string[] {
  return ['zfs', 'program', '-j', pool, '-', ...args];
}

/**
 * Destroys the volumes it is given, in that order, each after its snapshots; volumes
 * already gone are skipped. Returns how many it destroyed, and at a refusal which dataset
 * refused with which errno (EEXIST: a snapshot with clones, EBUSY: still open). OpenZFS
 * 2.1's channel programs cannot clone, but destroy well: 100 clones in about 1 s, where one
 * `zfs destroy` each waits for its own transaction groups.
 */
export const DESTROY_VOLUMES_PROGRAM = `local argv = (...)["argv"]
local destroyed = 0
for _, volume in ipairs(argv) do
  if zfs.exists(volume) then
    local names = {}
    for snapshot in zfs.list.snapshots(volume) do names[#names + 1] = snapshot end
    names[#names + 1] = volume
    for _, name in ipairs(names) do
      local err = zfs.sync.destroy(name)
      if err ~= 0 then return { destroyed = destroyed, failed = name, errno = err } end
    end
    destroyed = destroyed + 1
  end
end
return { destroyed = destroyed }
`;

/** One unit of a side-by-side script: the command that makes a thing, then what finishes it. */
export interface ScriptItem {
  make: string[];
  then: string[][];
}

const REPORT = `report() {
  printf '%s\n' "$4" | while IFS= read -r line; do [ -n "$line" ] && printf 'E %s %s\n' "$1" "$line"; done
  printf 'R %s %s %s\n' "$1" "$2" "$3"
}`;

/**
 * A POSIX sh script (for `sh -s`, on stdin) that runs the items side by side, `wave` at a
 * time: zfs commands started together share transaction groups, where one after the other
 * each waits for its own three. Every word is single-quoted (the quoting SshRunner uses), so
 * a name can never become shell syntax. Per item it prints stderr lines `E <i> <text>` and
 * then `R <i> <exit code> <1 if make succeeded>`.
 */
export function sideBySideScript(items: readonly ScriptItem[], wave: number): string {
  const line = (argv: readonly string[]) => argv.map(shellQuote).join(' ');
  const lines = items.map(({ make, then }, i) => {
    const rest = then.length === 0
      ? `report ${i} 0 1 ''`
      : `e=$( { ${then.map(line).join(' && ')}; } 2>&1 >/dev/null ); report ${i} "$?" 1 "$e"`;
    const job = `( e=$( { ${line(make)}; } 2>&1 >/dev/null ) || { report ${i} "$?" 0 "$e"; exit; }; ${rest} ) &`;
    return (i + 1) % wave === 0 ? `${job}\nwait` : job;
  });
  return [REPORT, ...lines, 'wait', ''].join('\n');
}

/**
 * Makes sure /dev/zvol/<dataset> exists for each dataset given, without waiting on udev
 * (or the test VM's mdev, which made 100 links 5-60 s late and now and then never): the
 * kernel's /dev/zdN exists as soon as ZFS made its minor, and OpenZFS's own udev helper
 * zvol_id names the dataset of a zd device. Only devices no link names yet are asked, side by
 * side, each once (zvol_id costs 0.1-0.5 s in the TCG test VM); every device once more when
 * time is up, as a stale link of a destroyed zvol could name a reused device (the driver
 * removes its links).
 * Prints `missing <dataset>` and exits 1 for what is still missing after $1 seconds.
 * Datasets come as arguments, never as script text.
 */
export const LINK_DEVICES_SCRIPT = `seconds=$1; shift
z=/lib/udev/zvol_id; [ -x "$z" ] || z=/usr/lib/udev/zvol_id
end=$(( $(date +%s) + seconds ))
seen=' '
missing() { m=; for ds in "$@"; do [ -b "/dev/zvol/$ds" ] || m="$m $ds"; done; echo "$m"; }
scan() {
  claimed=" $(find /dev/zvol -type l -exec ls -l {} + 2>/dev/null | sed -n 's|.* -> .*/||p' | tr '\\n' ' ') "
  found=$(for dev in /dev/zd*; do
    n=\${dev#/dev/}
    case $n in zd|zd*[!0-9]*) continue ;; esac
    if [ "$1" != all ]; then case "$claimed$seen" in *" $n "*) continue ;; esac; fi
    ( name=$("$z" "$dev" 2>/dev/null) && echo "$n $name" ) &
  done; wait)
  while read -r n name; do
    [ -n "$n" ] || continue
    seen="$seen$n "
    case " $wanted " in *" $name "*) mkdir -p "/dev/zvol/\${name%/*}" && ln -sfn "/dev/$n" "/dev/zvol/$name" ;; esac
  done <<EOF
$found
EOF
}
while :; do
  wanted=$(missing "$@")
  [ -z "$wanted" ] && exit 0
  if [ "$(date +%s)" -gt "$end" ]; then
    scan all
    for ds in $(missing $wanted); do echo "missing $ds"; done
    [ -z "$(missing $wanted)" ]; exit
  fi
  scan new
  [ -z "$(missing $wanted)" ] && exit 0
  sleep 0.2
done
`;

/** `sh -s` with LINK_DEVICES_SCRIPT on stdin. */
export function linkDevices(seconds: number, datasets: readonly string[]): string[] {
  return ['sh', '-s', '--', String(seconds), ...datasets];
}

/** The /dev/zvol links of destroyed volumes: udev removes them at once, mdev up to a minute late. */
export function unlinkDevices(datasets: readonly string[]): string[] {
  return ['rm', '-f', '--', ...datasets.map(devicePath)];
}

export function devicePath(dataset: string): string {
  return `/dev/zvol/${dataset}`;
}
