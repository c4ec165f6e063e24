import { HddOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Checkbox, Descriptions, Form, Input, Select, Slider, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useConsole, useQuery } from '../data';
import { useDialogs } from '../dialogs';
import { reportError } from '../errors';
import { COMPRESSIONS, HD_CONTROLLERS, IO_SYNC } from '../../../../lib/catalog';
import type { Drive, Snapshot } from '../../../../lib/protocol/storage';
import { formatBytes } from '../../../../lib/sizes';
import { driveColour } from '../labels';
import { LoadFailure } from './Details';
import { ContextRow, RowMenu } from './row-menu';

/** A drive's name with the manual's colour: green when assigned to a VM, brown when not. */
export function DriveName(props: { drive: Pick<Drive, 'name' | 'vm'> }) {
  const { drive } = props;
  return (
    <span className="drive-name">
      <HddOutlined style={{ color: driveColour(drive), marginRight: 6 }} aria-label={drive.vm === null ? 'unassigned drive' : 'assigned drive'} />
      {drive.name}
    </span>
  );
}

interface DriveForm {
  name: string;
  compression: Drive['compression'];
  readOnly: boolean;
  isPrimary: boolean;
  autoFailover: boolean;
  comment: string;
  reservationPercent: number;
  type: string;
  ioSync: Drive['ioSync'];
}

const EDITABLE = ['name', 'compression', 'readOnly', 'isPrimary', 'autoFailover', 'comment', 'reservationPercent', 'type', 'ioSync'] as const;

/**
 * The manual's hard drive panel: Size, Used and Grow Disk; Sparse, Compression, Read Only,
 * Primary, Auto Failover; Name, Server, VM; Comments; Dynamic Reservation; Type and IO
 * Sync; the space and number of its snapshots; then the drive's snapshots. Apply sends
 * only what changed (PATCH /drives/:id).
 */
export function DriveDetails(props: { id: string; embedded?: boolean }) {
  const { api, me } = useConsole();
  const { message } = AntApp.useApp();
  const open = useDialogs();
  const path = `/drives/${encodeURIComponent(props.id)}`;
  const drive = useQuery<Drive>(path, [{ kind: 'drive', id: props.id }]);
  const [form] = Form.useForm<DriveForm>();
  const [busy, setBusy] = useState(false);
  if (drive.error) return <LoadFailure error={drive.error} />;
  const d = drive.data;
  if (!d) return null;
  const readOnly = me.role === 'restricted';
  const initial: DriveForm = {
    name: d.name, compression: d.compression, readOnly: d.readOnly, isPrimary: d.isPrimary, autoFailover: d.autoFailover,
    comment: d.comment, reservationPercent: d.reservationPercent, type: d.type, ioSync: d.ioSync,
  };
  const apply = async (values: DriveForm) => {
    const changed = Object.fromEntries(EDITABLE.filter((k) => values[k] !== initial[k]).map((k) => [k, values[k]]));
    if (Object.keys(changed).length === 0) {
      message.info('Nothing changed');
      return;
    }
    setBusy(true);
    try {
      await api.patch(path, changed);
      message.success(`Saved ${values.name}`);
    } catch (e) {
      reportError(e, (t) => void message.error(t), form);
    } finally {
      setBusy(false);
    }
  };
  const Heading = props.embedded ? 'h4' : 'h3';
  return (
    <section aria-label={`Hard drive ${d.name}`}>
      <Heading style={{ marginTop: 0 }}>
        <DriveName drive={d} /> <Tag color={d.vm === null ? 'orange' : 'green'}>{d.vm === null ? 'unassigned' : `assigned to ${d.vm}`}</Tag>
      </Heading>
      <Space wrap align="center" style={{ marginBottom: 8 }}>
        <span aria-label="Size">Size: <strong>{formatBytes(d.size)}</strong></span>
        <span aria-label="Used">Used: <strong>{formatBytes(d.used)}</strong></span>
        {!readOnly && (
          <Button icon={<PlusOutlined />} onClick={() => open({ kind: 'growDrive', drive: d })}>
            Grow Disk
          </Button>
        )}
      </Space>
      <Form<DriveForm> key={`${d.id}:${JSON.stringify(initial)}`} form={form} name={`drive-${d.id}`} layout="horizontal" labelCol={{ flex: '150px' }} labelWrap initialValues={initial} onFinish={(v) => void apply(v)} disabled={readOnly}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Checkbox checked={d.sparse} disabled>
            Sparse
          </Checkbox>
          <Form.Item name="readOnly" valuePropName="checked" noStyle>
            <Checkbox>Read Only</Checkbox>
          </Form.Item>
          <Form.Item name="isPrimary" valuePropName="checked" noStyle>
            <Checkbox>Primary</Checkbox>
          </Form.Item>
          <Form.Item name="autoFailover" valuePropName="checked" noStyle>
            <Checkbox>Auto Failover</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item label="Compression" name="compression" extra="Affects only data written from now on">
          <Select style={{ width: 140 }} options={COMPRESSIONS.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item label="Name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
          <Input />
        </Form.Item>
        <Descriptions size="small" column={1} style={{ marginBottom: 8 }} items={[
          { key: 'server', label: 'Server', children: d.server },
          { key: 'pool', label: 'Storage pool', children: d.pool },
          { key: 'vm', label: 'VM', children: d.vm ?? '— (unassigned)' },
        ]} />
        <Form.Item label="Comments" name="comment">
          <Input.TextArea rows={3} maxLength={4096} />
        </Form.Item>
        <Form.Item label="Dynamic Reservation (%)" name="reservationPercent" extra={d.sparse ? 'Space kept free for this sparse drive: used + this share of its size' : 'Only sparse drives have a dynamic reservation'}>
          <Slider min={0} max={100} disabled={readOnly || !d.sparse} ariaLabelForHandle="Dynamic Reservation" style={{ maxWidth: 320 }} />
        </Form.Item>
        <Form.Item label="Type" name="type">
          <Select style={{ width: 140 }} options={HD_CONTROLLERS.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item label="IO Sync" name="ioSync">
          <Select style={{ width: 140 }} options={IO_SYNC.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        {!readOnly && (
          <Space style={{ marginBottom: 12 }}>
            <Button type="primary" htmlType="submit" loading={busy}>
              Apply
            </Button>
            <Button onClick={() => form.resetFields()}>Reset</Button>
          </Space>
        )}
      </Form>
      <Space wrap style={{ marginBottom: 8 }}>
        <span aria-label="Snapshot space">Snapshots: <strong>{formatBytes(d.snapshotSpace)}</strong></span>
        <span aria-label="Number of snapshots">Number of snapshots <strong>{d.snapshots}</strong></span>
      </Space>
      <DriveSnapshots drive={d} readOnly={readOnly} />
    </section>
  );
}

/** The snapshots of one drive: snapshot now, multi-select delete, clone one into a new drive. */
function DriveSnapshots(props: { drive: Drive; readOnly: boolean }) {
  const { api, me } = useConsole();
  const { message, modal } = AntApp.useApp();
  const open = useDialogs();
  const path = `/drives/${encodeURIComponent(props.drive.id)}/snapshots`;
  const snapshots = useQuery<Snapshot[]>(path, [{ kind: 'drive', id: props.drive.id }]);
  const [selected, setSelected] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [refusal, setRefusal] = useState<string>();
  const rows = snapshots.data ?? [];
  const chosen = rows.filter((s) => selected.includes(s.id));
  const canClone = me.role !== 'restricted';

  const take = async () => {
    try {
      await api.post(path, comment ? { comment } : {});
      setComment('');
      message.success(`Snapshot of ${props.drive.name} taken`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const remove = (list: Snapshot[]) =>
    modal.confirm({
      title: list.length === 1 ? 'Delete this snapshot?' : `Delete ${list.length} snapshots?`,
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: async () => {
        setRefusal(undefined);
        try {
          await api.post('/snapshots/delete', { ids: list.map((s) => s.id) });
          setSelected([]);
          message.success(list.length === 1 ? 'Snapshot deleted' : `${list.length} snapshots deleted`);
        } catch (e) {
          setRefusal((e as Error).message);
        }
      },
    });
  const itemsFor = (key: string) => {
    const s = rows.find((r) => r.id === key);
    if (!s || props.readOnly) return [];
    return [
      ...(canClone ? [{ key: 'clone', label: 'Clone…', onClick: () => open({ kind: 'cloneDriveSnapshot', snapshot: s }) }] : []),
      { key: 'delete', label: 'Delete Snapshot', danger: true, onClick: () => remove([s]) },
    ];
  };

  return (
    <section aria-label={`Snapshots of drive ${props.drive.name}`}>
      <Typography.Title level={5}>Snapshots of {props.drive.name}</Typography.Title>
      {!props.readOnly && (
        <Space wrap style={{ marginBottom: 8 }}>
          <Input aria-label="Drive snapshot comment" placeholder="Comment" value={comment} onChange={(e) => setComment(e.target.value)} style={{ width: 200 }} />
          <Button onClick={() => void take()}>Snapshot drive</Button>
          <Button danger disabled={!chosen.length} onClick={() => remove(chosen)}>
            Delete Snapshot
          </Button>
          {canClone && (
            <Button disabled={chosen.length !== 1} onClick={() => open({ kind: 'cloneDriveSnapshot', snapshot: chosen[0]! })}>
              Clone to new drive…
            </Button>
          )}
        </Space>
      )}
      {refusal && <Alert type="error" showIcon closable onClose={() => setRefusal(undefined)} title={refusal} style={{ marginBottom: 8 }} />}
      <RowMenu.Provider value={itemsFor}>
        <Table<Snapshot>
          aria-label={`Snapshots of drive ${props.drive.name}`}
          size="small"
          rowKey="id"
          loading={snapshots.loading && !snapshots.data}
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: 'No snapshots' }}
          components={{ body: { row: ContextRow } }}
          rowSelection={props.readOnly ? undefined : { selectedRowKeys: selected.filter((id) => rows.some((r) => r.id === id)), onChange: (keys) => setSelected(keys as string[]) }}
          columns={[
            { title: 'Date', dataIndex: 'createdAt', render: (t: string) => new Date(t).toLocaleString() },
            { title: 'Comment', dataIndex: 'comment' },
            { title: 'Clones', dataIndex: 'clones', render: (c: string[]) => (c.length ? c.join(', ') : '—') },
          ]}
        />
      </RowMenu.Provider>
    </section>
  );
}
