import { PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Descriptions, Empty, Input, List, Space, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useConsole, useQuery } from '../data';
import { useDialogs } from '../dialogs';
import type { Drive, VmSnapshot } from '../../../../lib/protocol/storage';
import type { Vm } from '../../../../lib/protocol/vms';
import { formatBytes } from '../../../../lib/sizes';
import { LoadFailure } from './Details';
import { DriveDetails, DriveName } from './DriveDetails';
import { ContextRow, RowMenu } from './row-menu';

const vmPath = (id: string, rest: string) => `/vms/${encodeURIComponent(id)}${rest}`;

/**
 * The manual's VM hard drive properties: the VM's drives; selecting one shows its panel.
 * Manage Drives: add a new drive, add an existing one (unassigned, or moved or cloned
 * from another VM), remove the selected one (it stays, unassigned).
 */
export function VmDrives(props: { vm: Vm }) {
  const { api, me } = useConsole();
  const open = useDialogs();
  const drives = useQuery<Drive[]>(vmPath(props.vm.id, '/drives'), [{ kind: 'vm', id: props.vm.id }]);
  const [selected, setSelected] = useState<string>();
  const rows = drives.data ?? [];
  const current = rows.find((d) => d.id === selected) ?? (rows.length === 1 ? rows[0] : undefined);
  const { message, modal } = AntApp.useApp();
  const [refusal, setRefusal] = useState<string>();
  const canManage = me.role !== 'restricted' && !props.vm.isTemplate;
  const ref = { kind: 'vm' as const, id: props.vm.id, name: props.vm.name };
  /** Manage Drives, remove: the drive stays, unassigned. */
  const remove = (d: Drive) =>
    modal.confirm({
      title: `Remove ${d.name} from ${props.vm.name}?`,
      content: 'The drive is kept, unassigned; it can be added to a VM again.',
      okText: 'Remove',
      okButtonProps: { danger: true },
      onOk: async () => {
        setRefusal(undefined);
        try {
          await api.delete(vmPath(props.vm.id, `/drives/${encodeURIComponent(d.id)}`));
          setSelected(undefined);
          message.success(`Removed ${d.name} from ${props.vm.name}; it is now unassigned`);
        } catch (e) {
          setRefusal((e as Error).message);
        }
      },
    });
  return (
    <>
      {canManage && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => open({ kind: 'addDrive', vm: ref })}>
            Add hard drive…
          </Button>
          <Button onClick={() => open({ kind: 'attachDrive', vm: ref })}>Add existing drive…</Button>
          <Button danger disabled={!current} aria-label={current ? `Remove drive ${current.name}` : 'Remove drive'} onClick={() => current && remove(current)}>
            Remove drive
          </Button>
        </Space>
      )}
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(undefined)} title={refusal} style={{ marginBottom: 8 }} />}
      <Table<Drive>
        aria-label={`Hard drives of ${props.vm.name}`}
        size="small"
        rowKey="id"
        loading={drives.loading && !drives.data}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: 'No hard drives' }}
        rowSelection={{ type: 'radio', selectedRowKeys: current ? [current.id] : [], onChange: (keys) => setSelected(keys[0] as string) }}
        onRow={(d) => ({ onClick: () => setSelected(d.id) }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: 'Name', dataIndex: 'name', render: (_n: string, d) => <DriveName drive={d} /> },
          { title: 'Size', dataIndex: 'size', render: (b: number) => formatBytes(b) },
          { title: 'Used', dataIndex: 'used', render: (b: number | null) => formatBytes(b) },
          { title: 'Type', dataIndex: 'type' },
          { title: 'Pool', dataIndex: 'pool' },
        ]}
      />
      {current && (
        <div style={{ marginTop: 12, paddingTop: 8, borderTop: '1px solid #f0f0f0' }}>
          <DriveDetails id={current.id} embedded />
        </div>
      )}
    </>
  );
}

/**
 * The manual's VM Snapshot properties: Date and TaskID of each snapshot; the selected
 * one's comment with Update; several selected and deleted at once; right-click Clone
 * makes a new VM from a snapshot. A VM snapshot's comment and deletion apply to the
 * snapshots of each of its drives.
 */
export function VmSnapshots(props: { vm: Vm }) {
  const { api, me } = useConsole();
  const { message, modal } = AntApp.useApp();
  const open = useDialogs();
  const snapshots = useQuery<VmSnapshot[]>(vmPath(props.vm.id, '/snapshots'), [{ kind: 'vm', id: props.vm.id }]);
  const [selected, setSelected] = useState<string[]>([]);
  const [comment, setComment] = useState<{ id: string; text: string }>();
  const [refusal, setRefusal] = useState<string>();
  const rows = snapshots.data ?? [];
  const chosen = rows.filter((s) => selected.includes(s.id));
  const focus = chosen[chosen.length - 1];
  const readOnly = me.role === 'restricted';
  const canClone = !readOnly;
  const commentText = comment && comment.id === focus?.id ? comment.text : (focus?.comment ?? '');

  const update = async () => {
    if (!focus) return;
    try {
      for (const s of focus.snapshots) await api.patch(`/snapshots/${encodeURIComponent(s.id)}`, { comment: commentText });
      setComment(undefined);
      message.success('Comment updated');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const remove = (list: VmSnapshot[]) =>
    modal.confirm({
      title: list.length === 1 ? 'Delete this snapshot?' : `Delete ${list.length} snapshots?`,
      content: list.map((s) => new Date(s.createdAt).toLocaleString() + (s.comment ? ` (${s.comment})` : '')).join(', '),
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: async () => {
        setRefusal(undefined);
        try {
          await api.post('/snapshots/delete', { ids: list.flatMap((s) => s.snapshots.map((d) => d.id)) });
          setSelected([]);
          message.success(list.length === 1 ? 'Snapshot deleted' : `${list.length} snapshots deleted`);
        } catch (e) {
          setRefusal((e as Error).message);
        }
      },
    });
  const clone = (s: VmSnapshot) => open({ kind: 'cloneVmSnapshot', snapshot: s, vm: props.vm.name });
  const itemsFor = (key: string) => {
    const s = rows.find((r) => r.id === key);
    if (!s || readOnly) return [];
    return [
      ...(canClone ? [{ key: 'clone', label: 'Clone…', onClick: () => clone(s) }] : []),
      { key: 'delete', label: 'Delete Snapshot', danger: true, onClick: () => remove(selected.includes(s.id) ? chosen : [s]) },
    ];
  };

  return (
    <section aria-label={`VM snapshots of ${props.vm.name}`}>
      {!readOnly && !props.vm.isTemplate && (
        <Button onClick={() => open({ kind: 'snapshotVm', vm: { kind: 'vm', id: props.vm.id, name: props.vm.name } })} style={{ marginBottom: 8 }}>
          Snapshot now…
        </Button>
      )}
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(undefined)} title={refusal} style={{ marginBottom: 8 }} />}
      <RowMenu.Provider value={itemsFor}>
        <Table<VmSnapshot>
          aria-label={`VM snapshots of ${props.vm.name}`}
          size="small"
          rowKey="id"
          loading={snapshots.loading && !snapshots.data}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: 'No snapshots' }}
          components={{ body: { row: ContextRow } }}
          rowSelection={readOnly ? undefined : { selectedRowKeys: selected.filter((id) => rows.some((r) => r.id === id)), onChange: (keys) => setSelected(keys as string[]) }}
          columns={[
            { title: 'Date', dataIndex: 'createdAt', render: (t: string) => new Date(t).toLocaleString() },
            { title: 'TaskID', dataIndex: 'taskId', render: (t: string | null) => t ?? '' },
            { title: 'Comment', dataIndex: 'comment' },
          ]}
        />
      </RowMenu.Provider>
      {!readOnly && (
        <>
          <Input.TextArea
            aria-label="Snapshot comment"
            rows={2}
            maxLength={4096}
            disabled={!focus}
            placeholder={focus ? '' : 'Select a snapshot to see its comment'}
            value={commentText}
            onChange={(e) => focus && setComment({ id: focus.id, text: e.target.value })}
            style={{ margin: '8px 0' }}
          />
          <Space wrap>
            <Button danger disabled={!chosen.length} onClick={() => remove(chosen)}>
              Delete Snapshot
            </Button>
            <Button disabled={!focus} onClick={() => void update()}>
              Update
            </Button>
            {canClone && (
              <Button disabled={chosen.length !== 1} onClick={() => clone(chosen[0]!)}>
                Clone to new VM…
              </Button>
            )}
          </Space>
        </>
      )}
    </section>
  );
}

/** A VM snapshot picked in the tree (VMs, Details By Snapshot). */
export function VmSnapshotDetails(props: { vmId: string; id: string }) {
  const { me } = useConsole();
  const open = useDialogs();
  const vm = useQuery<Vm>(vmPath(props.vmId, ''), [{ kind: 'vm', id: props.vmId }]);
  const snapshots = useQuery<VmSnapshot[]>(vmPath(props.vmId, '/snapshots'), [{ kind: 'vm', id: props.vmId }]);
  if (vm.error) return <LoadFailure error={vm.error} />;
  if (snapshots.error) return <LoadFailure error={snapshots.error} />;
  if (!vm.data || !snapshots.data) return null;
  const s = snapshots.data.find((x) => x.id === props.id);
  if (!s) return <Empty description="This snapshot no longer exists" />;
  const name = vm.data.name;
  return (
    <>
      <Typography.Title level={4}>
        Snapshot of {name}, {new Date(s.createdAt).toLocaleString()}
      </Typography.Title>
      <Descriptions size="small" bordered column={1} items={[
        { key: 'comment', label: 'Comment', children: s.comment || '—' },
        { key: 'task', label: 'TaskID', children: s.taskId ?? '—' },
      ]} />
      <List
        size="small"
        header="Hard drive snapshots"
        dataSource={s.snapshots}
        renderItem={(d) => <List.Item>{d.drive}{d.clones.length ? ` (clones: ${d.clones.join(', ')})` : ''}</List.Item>}
        style={{ margin: '8px 0' }}
      />
      {me.role !== 'restricted' && <Button onClick={() => open({ kind: 'cloneVmSnapshot', snapshot: s, vm: name })}>Clone to new VM…</Button>}
    </>
  );
}
