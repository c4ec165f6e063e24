import { Checkbox, Form, Input, InputNumber, Radio, Select } from 'antd';
import { driveSizeProblem, formatBytes, formatSize, MIB, parseSize } from '../../../lib/sizes';
import { FormDialog } from './dialogs';
import { HostGroupField } from './host-group-field';
import { useConsole, useList, useQuery } from './data';
import type { ObjectRef } from './home/objects';
import { COMPRESSIONS, HD_CONTROLLERS } from '../../../lib/catalog';
import type { Drive, Pool, Snapshot, VmSnapshot } from '../../../lib/protocol/storage';
import type { Vm } from '../../../lib/protocol/vms';

/** The storage dialogs of the manual: snapshot and clone a VM, clone snapshots, pools, drives, Apply a VM Group. */
export type StorageDialog =
  | { kind: 'snapshotVm'; vm: ObjectRef }
  | { kind: 'cloneVm'; vm: ObjectRef }
  | { kind: 'cloneVmSnapshot'; snapshot: VmSnapshot; vm: string }
  | { kind: 'cloneDriveSnapshot'; snapshot: Snapshot }
  | { kind: 'addPool'; server?: string }
  | { kind: 'addDrive'; vm?: ObjectRef }
  | { kind: 'attachDrive'; vm: ObjectRef }
  | { kind: 'growDrive'; drive: Drive }
  | { kind: 'applyVmGroup'; group: ObjectRef };

export function StorageDialogs(props: { dialog: { kind: string }; onClose(): void }) {
  const d = props.dialog as StorageDialog;
  const close = props.onClose;
  switch (d.kind) {
    case 'snapshotVm':
      return <SnapshotVmDialog vm={d.vm} onClose={close} />;
    case 'cloneVm':
      return <CloneVmDialog vm={d.vm} onClose={close} />;
    case 'cloneVmSnapshot':
      return <CloneVmSnapshotDialog snapshot={d.snapshot} vm={d.vm} onClose={close} />;
    case 'cloneDriveSnapshot':
      return <CloneDriveSnapshotDialog snapshot={d.snapshot} onClose={close} />;
    case 'addPool':
      return <AddPoolDialog onClose={close} />;
    case 'addDrive':
      return <AddDriveDialog {...(d.vm ? { vm: d.vm } : {})} onClose={close} />;
    case 'attachDrive':
      return <AttachDriveDialog vm={d.vm} onClose={close} />;
    case 'growDrive':
      return <GrowDriveDialog drive={d.drive} onClose={close} />;
    case 'applyVmGroup':
      return <ApplyVmGroupDialog group={d.group} onClose={close} />;
    default:
      return null;
  }
}

const path = (base: string, id: string, rest = '') => `${base}/${encodeURIComponent(id)}${rest}`;

/** The fields of a new drive, as the form holds them (size in GiB). */
export interface DiskValues {
  sizeGib?: number;
  pool?: string;
  sparse?: boolean;
  compression?: string;
  type?: string;
}

/** Sizes are whole MiB in the API; the form asks for GiB (0.5 is 512 MiB). */
export const gibToBytes = (gib: number) => Math.round(gib * 1024) * MIB;

export function diskBody(v: DiskValues): Record<string, unknown> {
  return {
    sizeBytes: gibToBytes(v.sizeGib ?? 0),
    ...(v.pool ? { pool: v.pool } : {}),
    sparse: v.sparse ?? true,
    ...(v.compression ? { compression: v.compression } : {}),
    ...(v.type ? { type: v.type } : {}),
  };
}

/** Size, pool, sparse, compression and type of a new drive (Create VM and Add Drive). */
export function DiskFields(props: { optional?: boolean }) {
  const pools = useList<Pool>('/pools', 'pool');
  const online = (pools.data ?? []).filter((p) => p.online);
  return (
    <fieldset aria-label="Hard drive" style={{ border: '1px solid #eee', padding: '8px 12px', marginBottom: 12 }}>
      <legend style={{ fontSize: 14, width: 'auto', border: 0, margin: 0, padding: '0 4px' }}>Hard drive</legend>
      <Form.Item
        label="Disk size (GiB)"
        name="sizeGib"
        extra={props.optional ? 'Leave empty for a VM without a drive' : undefined}
        rules={props.optional ? [] : [{ required: true, message: 'Enter a size' }]}
      >
        <InputNumber min={0.001} step={1} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item label="Storage pool" name="pool">
        <Select
          allowClear
          placeholder="The first online pool"
          options={online.map((p) => ({ value: p.id, label: `${p.name} (${p.server}, ${formatBytes(p.freeBytes)} free)` }))}
        />
      </Form.Item>
      <Form.Item name="sparse" valuePropName="checked" style={{ marginBottom: 8 }}>
        <Checkbox>Sparse</Checkbox>
      </Form.Item>
      <Form.Item label="Compression" name="compression">
        <Select options={COMPRESSIONS.map((c) => ({ value: c, label: c }))} />
      </Form.Item>
      <Form.Item label="Drive type" name="type">
        <Select options={HD_CONTROLLERS.map((c) => ({ value: c, label: c }))} />
      </Form.Item>
    </fieldset>
  );
}

/** Right-click a VM, Snapshot: "Now" (scheduled snapshots come with the Tasks tab). */
function SnapshotVmDialog(props: { vm: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ comment?: string }>
      title={`Snapshot ${props.vm.name}`}
      okText="Snapshot now"
      onClose={props.onClose}
      action={async (v) => {
        await api.post(path('/vms', props.vm.id, '/snapshots'), v.comment ? { comment: v.comment } : {});
        return `Snapshot of ${props.vm.name} taken`;
      }}
    >
      <p>Every hard drive of the VM is snapshotted at once.</p>
      <Form.Item label="Snapshot comment" name="comment">
        <Input.TextArea rows={3} maxLength={4096} autoFocus />
      </Form.Item>
    </FormDialog>
  );
}

/** The manual's Clone dialog: new VMs' name, number of clones, Set Host Group. */
function CloneVmDialog(props: { vm: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  const vm = useQuery<Vm>(path('/vms', props.vm.id), [{ kind: 'vm', id: props.vm.id }]);
  const group = vm.data?.hostGroup ?? null;
  return (
    <FormDialog<{ name: string; copies: number; setHostGroup: boolean }>
      title={`Clone ${props.vm.name}`}
      okText="Clone"
      onClose={props.onClose}
      initialValues={{ name: `${props.vm.name}-C`, copies: 1, setHostGroup: true }}
      action={async (v) => {
        const body = { name: v.name, copies: v.copies, ...(v.setHostGroup && vm.data?.hostGroupId ? { hostGroup: vm.data.hostGroupId } : {}) };
        const created = await api.post<Vm[]>(path('/vms', props.vm.id, '/clone'), body);
        return `Created ${created.map((c) => c.name).join(', ')}`;
      }}
    >
      <Form.Item label="Enter new VMs name" name="name" rules={[{ required: true, message: 'Enter a name' }]} extra="Several clones are numbered NAME-1, NAME-2, …">
        <Input autoFocus />
      </Form.Item>
      <Form.Item label="Number of clones" name="copies" rules={[{ required: true, message: 'How many clones?' }]}>
        <InputNumber min={1} max={100} />
      </Form.Item>
      <Form.Item name="setHostGroup" valuePropName="checked" extra={group ? `The clones join ${group}, the Host Group of ${props.vm.name}.` : `${props.vm.name} has no Host Group.`}>
        <Checkbox disabled={!group}>Set Host Group</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}

function CloneVmSnapshotDialog(props: { snapshot: VmSnapshot; vm: string; onClose(): void }) {
  const { api } = useConsole();
  const when = new Date(props.snapshot.createdAt).toLocaleString();
  return (
    <FormDialog<{ name: string }>
      title={`Clone the snapshot of ${props.vm} from ${when}`}
      okText="Clone"
      onClose={props.onClose}
      initialValues={{ name: `${props.vm}-Restored` }}
      action={async (v) => {
        const created = await api.post<Vm>(path('/vm-snapshots', props.snapshot.id, '/clone'), { name: v.name });
        return `Created ${created.name} from the snapshot`;
      }}
    >
      <p>Each drive of the snapshot is cloned into a new VM, as {props.vm} was when the snapshot was taken.</p>
      <Form.Item label="New VM name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
    </FormDialog>
  );
}

function CloneDriveSnapshotDialog(props: { snapshot: Snapshot; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ name: string }>
      title={`Clone a snapshot of ${props.snapshot.drive}`}
      okText="Clone"
      onClose={props.onClose}
      initialValues={{ name: `${props.snapshot.drive}-C` }}
      action={async (v) => {
        const drive = await api.post<Drive>(path('/snapshots', props.snapshot.id, '/clone'), { name: v.name });
        return `Created drive ${drive.name}`;
      }}
    >
      <p>The new, unassigned drive holds what {props.snapshot.drive} held when the snapshot was taken.</p>
      <Form.Item label="New drive name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
    </FormDialog>
  );
}

function AddPoolDialog(props: { onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ name: string; driver: 'file' | 'zfs'; location: string }>
      title="Add Storage Pool"
      okText="Add"
      onClose={props.onClose}
      initialValues={{ driver: 'file' }}
      action={async (v) => {
        const pool = await api.post<Pool>('/pools', v);
        return `Added storage pool ${pool.name}`;
      }}
    >
      <Form.Item label="Pool name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item label="Driver" name="driver">
        <Select options={[{ value: 'file', label: 'file: a directory of images' }, { value: 'zfs', label: 'zfs: zvols under a dataset' }]} />
      </Form.Item>
      <Form.Item label="Location" name="location" rules={[{ required: true, message: 'Enter a directory or dataset' }]} extra="file: a directory on the server; zfs: a dataset, or ssh://user@host/dataset">
        <Input />
      </Form.Item>
    </FormDialog>
  );
}

function AddDriveDialog(props: { vm?: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ name?: string } & DiskValues>
      title={props.vm ? `Add a hard drive to ${props.vm.name}` : 'New hard drive'}
      okText="Create drive"
      onClose={props.onClose}
      initialValues={{ sparse: false, compression: 'off', type: 'sata' }}
      action={async (v) => {
        const drive = await api.post<Drive>('/drives', { ...(v.name ? { name: v.name } : {}), ...(props.vm ? { vm: props.vm.id } : {}), ...diskBody(v) });
        return `Created drive ${drive.name}`;
      }}
    >
      <Form.Item label="Drive name" name="name" extra={props.vm ? `Default: ${props.vm.name}-N` : undefined}>
        <Input autoFocus />
      </Form.Item>
      <DiskFields />
    </FormDialog>
  );
}

/**
 * Manage Drives, add an existing drive: one the user can see, unassigned or on another VM.
 * A drive on another VM is moved (that VM must be off) or cloned (a snapshot taken now).
 */
function AttachDriveDialog(props: { vm: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ drive: string; mode?: 'move' | 'clone' }>
      title={`Add an existing hard drive to ${props.vm.name}`}
      okText="Add drive"
      onClose={props.onClose}
      action={async (v) => {
        const drive = await api.post<Drive>(path('/vms', props.vm.id, '/drives'), { drive: v.drive, ...(v.mode ? { mode: v.mode } : {}) });
        return v.mode === 'clone' ? `Cloned into ${drive.name} on ${props.vm.name}` : `Added ${drive.name} to ${props.vm.name}`;
      }}
    >
      <AttachDriveFields vm={props.vm} />
    </FormDialog>
  );
}

function AttachDriveFields(props: { vm: ObjectRef }) {
  const form = Form.useFormInstance();
  const drives = useList<Drive>('/drives', 'drive');
  const choices = (drives.data ?? []).filter((d) => d.vmId !== props.vm.id);
  const drive = Form.useWatch<string | undefined>('drive', form);
  const picked = choices.find((d) => d.id === drive);
  return (
    <>
      <Form.Item label="Hard drive" name="drive" rules={[{ required: true, message: 'Pick a drive' }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={drives.loading}
          placeholder="Pick a drive"
          notFoundContent="No other drives"
          onChange={() => form.setFieldValue('mode', undefined)}
          options={choices.map((d) => ({ value: d.id, label: `${d.name} (${d.vm === null ? 'unassigned' : `on ${d.vm}`}, ${formatBytes(d.size)})` }))}
        />
      </Form.Item>
      {picked?.vm != null && (
        <Form.Item
          label={`${picked.name} is on ${picked.vm}: move it or clone it?`}
          name="mode"
          rules={[{ required: true, message: 'Choose Move or Clone' }]}
          extra="Move takes the drive from the other VM, which must be powered off; Clone leaves it there and adds a copy made from a snapshot taken now."
        >
          <Radio.Group aria-label="Move or Clone" options={[{ value: 'move', label: 'Move' }, { value: 'clone', label: 'Clone' }]} />
        </Form.Item>
      )}
    </>
  );
}

/**
 * A new drive size as people type it: a number of GiB ("2", "1.5"), or with its unit
 * ("512M", "2T"). Anything else ("abc") is refused, in words, before anything is sent.
 */
function parseNewSize(text: string, currentBytes: number): number {
  const bytes = parseSize(/^\s*\d+(\.\d+)?\s*$/.test(text) ? `${text.trim()}G` : text);
  const problem = driveSizeProblem(bytes);
  if (problem) throw new Error(problem);
  if (bytes <= currentBytes) throw new Error(`Drives only grow: it is ${formatSize(currentBytes)} now; give more.`);
  return bytes;
}

/** Grow Disk: drives only grow; the VM's file system may need growing afterwards. */
function GrowDriveDialog(props: { drive: Drive; onClose(): void }) {
  const { api } = useConsole();
  const current = props.drive.size;
  const checkSize = async (_rule: unknown, value: string | undefined) => {
    if (value) parseNewSize(value, current);
  };
  return (
    <FormDialog<{ size: string }>
      title={`Grow ${props.drive.name}`}
      okText="Grow Disk"
      onClose={props.onClose}
      initialValues={{ size: formatSize(Math.ceil((current * 2) / MIB) * MIB) }}
      action={async (v) => {
        const sizeBytes = parseNewSize(v.size, current);
        const drive = await api.post<Drive>(path('/drives', props.drive.id, '/grow'), { sizeBytes });
        return `${drive.name} is now ${formatBytes(drive.size)}`;
      }}
    >
      <p>Now {formatBytes(current)}. The VM may need its partition and file system grown to use the added space.</p>
      <Form.Item
        label="New size (GiB)"
        name="size"
        extra="A number of GiB, or a size with its unit: 512M, 20G, 2T"
        rules={[{ required: true, message: 'Enter the new size' }, { validator: checkSize }]}
      >
        <Input style={{ width: 160 }} />
      </Form.Item>
    </FormDialog>
  );
}

/** VM Group, Apply: clones every member onto the Host Group. */
function ApplyVmGroupDialog(props: { group: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ hostGroup: string }>
      title={`Apply ${props.group.name} to a Host Group`}
      okText="Apply"
      onClose={props.onClose}
      action={async (v) => {
        const created = await api.post<Vm[]>(path('/vm-groups', props.group.id, '/apply'), v);
        return `Created ${created.length} VM${created.length === 1 ? '' : 's'}`;
      }}
    >
      <p>Every VM and template of the group is cloned into the Host Group.</p>
      <HostGroupField required />
    </FormDialog>
  );
}
