import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Descriptions, Progress, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useConsole, useList, useQuery } from '../data';
import { useDialogs } from '../dialogs';
import type { Drive, Pool } from '../../../../lib/protocol/storage';
import { formatBytes } from '../../../../lib/sizes';
import { LoadFailure } from './Details';
import { DriveName } from './DriveDetails';

/** How full a pool is, as a bar with its numbers. */
export function PoolSpace(props: { pool: Pool }) {
  const { pool } = props;
  if (pool.sizeBytes === null || pool.usedBytes === null) return <Tag color="red">{pool.error ?? 'unreachable'}</Tag>;
  const percent = pool.sizeBytes ? Math.round((pool.usedBytes / pool.sizeBytes) * 100) : 0;
  return (
    <Space aria-label={`Space of ${pool.name}`}>
      <Progress percent={percent} size="small" style={{ width: 120, margin: 0 }} status={percent >= 90 ? 'exception' : 'normal'} />
      <span>
        {formatBytes(pool.freeBytes)} free of {formatBytes(pool.sizeBytes)}
      </span>
    </Space>
  );
}

/** Take a pool online or offline (administrators); only online pools receive new drives. */
export function PoolOnline(props: { pool: Pool }) {
  const { api, me } = useConsole();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const toggle = async (online: boolean) => {
    setBusy(true);
    try {
      await api.patch(`/pools/${encodeURIComponent(props.pool.id)}`, { online });
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Switch
      aria-label={`${props.pool.name} online`}
      checked={props.pool.online}
      loading={busy}
      disabled={me.role !== 'admin'}
      checkedChildren="OnLine"
      unCheckedChildren="OffLine"
      onChange={(v) => void toggle(v)}
    />
  );
}

/** A storage pool: its space, online state and drives. */
export function PoolDetails(props: { id: string }) {
  const { me } = useConsole();
  const open = useDialogs();
  const pool = useQuery<Pool>(`/pools/${encodeURIComponent(props.id)}`, [{ kind: 'pool', id: props.id }]);
  const drives = useList<Drive>('/drives', 'drive');
  if (pool.error) return <LoadFailure error={pool.error} />;
  const p = pool.data;
  if (!p) return null;
  const mine = (drives.data ?? []).filter((d) => d.poolId === p.id);
  return (
    <>
      <Typography.Title level={4}>
        Storage pool {p.name} <Tag color={p.online ? 'green' : 'default'}>{p.online ? 'OnLine' : 'OffLine'}</Tag>
      </Typography.Title>
      <Descriptions size="small" bordered column={1} items={[
        { key: 'online', label: 'OnLine', children: <PoolOnline pool={p} /> },
        { key: 'space', label: 'Space', children: <PoolSpace pool={p} /> },
        { key: 'used', label: 'Used', children: formatBytes(p.usedBytes) },
        { key: 'server', label: 'Server', children: p.server },
        { key: 'driver', label: 'Driver', children: p.driver },
        { key: 'location', label: 'Location', children: p.location },
        { key: 'thin', label: 'Thin clones', children: p.thinClones === null ? 'unknown' : p.thinClones ? 'yes (clones share blocks)' : 'no (clones are sparse copies)' },
        { key: 'drives', label: 'Hard drives', children: p.drives },
      ]} />
      <Space style={{ margin: '12px 0 8px' }}>
        {me.role !== 'restricted' && (
          <Button icon={<PlusOutlined />} onClick={() => open({ kind: 'addDrive' })}>
            New hard drive…
          </Button>
        )}
      </Space>
      <Table<Drive>
        aria-label={`Hard drives in ${p.name}`}
        size="small"
        rowKey="id"
        dataSource={mine}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          { title: 'Name', dataIndex: 'name', render: (_n: string, d) => <DriveName drive={d} /> },
          { title: 'VM', dataIndex: 'vm', render: (v: string | null) => v ?? 'unassigned' },
          { title: 'Size', dataIndex: 'size', render: (b: number) => formatBytes(b) },
          { title: 'Used', dataIndex: 'used', render: (b: number | null) => formatBytes(b) },
        ]}
      />
    </>
  );
}
