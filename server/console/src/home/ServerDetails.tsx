import { PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useConsole, useList, useQuery } from '../data';
import { useDialogs } from '../dialogs';
import type { LogEntry, LogsReply, Server } from '../../../../lib/protocol/servers';
import type { Pool } from '../../../../lib/protocol/storage';
import { LoadFailure } from './Details';
import { PoolOnline, PoolSpace } from './PoolDetails';

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** A server: its statistics and, for administrators, its activity log (the manual's "Logs"). */
export function ServerDetails(props: { id: string }) {
  const { me, capabilities } = useConsole();
  const path = `/servers/${encodeURIComponent(props.id)}`;
  const watch = [{ kind: 'server' as const, id: props.id }];
  const server = useQuery<Server>(path, watch);
  const [showLogs, setShowLogs] = useState(false);
  const logs = useQuery<LogsReply>(showLogs ? `${path}/logs?limit=200` : null, watch);
  if (server.error) return <LoadFailure error={server.error} />;
  const s = server.data;
  if (!s) return null;
  return (
    <>
      <h3>
        {s.name} <Tag color={s.online ? 'green' : 'red'}>{s.online ? 'online' : 'offline'}</Tag>
      </h3>
      <Descriptions size="small" bordered column={1} items={[
        { key: 'address', label: 'Address', children: s.address },
        ...(s.stats
          ? [
              { key: 'host', label: 'Host name', children: s.stats.hostname },
              { key: 'kernel', label: 'Kernel', children: s.stats.release },
              { key: 'cpus', label: 'CPUs', children: s.stats.cpuCount },
              { key: 'load', label: 'Load average', children: s.stats.loadAverage.map((l) => l.toFixed(2)).join(' / ') },
              { key: 'memory', label: 'Memory free', children: `${gib(s.stats.memoryFreeBytes)} of ${gib(s.stats.memoryTotalBytes)}` },
              { key: 'uptime', label: 'Uptime', children: `${Math.round(s.stats.uptimeSeconds / 3600)} h` },
            ]
          : []),
      ]} />
      {capabilities.storage && <ServerPools server={s.name} />}
      {me.role === 'admin' && (
        <Button style={{ marginTop: 12 }} onClick={() => setShowLogs((v) => !v)}>
          {showLogs ? 'Hide logs' : 'Logs'}
        </Button>
      )}
      {showLogs && (
        <Table<LogEntry>
          aria-label="Server log"
          size="small"
          style={{ marginTop: 8 }}
          rowKey={(e, i) => `${e.time}-${i}`}
          loading={logs.loading && !logs.data}
          dataSource={[...(logs.data?.entries ?? [])].reverse()}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: 'Time', dataIndex: 'time', render: (t: string) => new Date(t).toLocaleString() },
            { title: 'Level', dataIndex: 'level' },
            { title: 'Message', dataIndex: 'msg' },
          ]}
        />
      )}
    </>
  );
}

/** The server's Storage Pools: space, OnLine, and (administrators) Add Storage Pool. */
function ServerPools(props: { server: string }) {
  const { me } = useConsole();
  const open = useDialogs();
  const pools = useList<Pool>('/pools', 'pool');
  const mine = (pools.data ?? []).filter((p) => p.server === props.server);
  return (
    <>
      <Space style={{ margin: '12px 0 8px', width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={5} style={{ margin: 0 }}>
          Storage Pools
        </Typography.Title>
        {me.role === 'admin' && (
          <Button icon={<PlusOutlined />} onClick={() => open({ kind: 'addPool', server: props.server })}>
            Add Storage Pool…
          </Button>
        )}
      </Space>
      <Table<Pool>
        aria-label="Storage pools"
        size="small"
        rowKey="id"
        loading={pools.loading && !pools.data}
        dataSource={mine}
        pagination={false}
        columns={[
          { title: 'Name', dataIndex: 'name' },
          { title: 'Driver', dataIndex: 'driver' },
          { title: 'Space', key: 'space', render: (_v, p) => <PoolSpace pool={p} /> },
          { title: 'Drives', dataIndex: 'drives' },
          { title: 'OnLine', key: 'online', render: (_v, p) => <PoolOnline pool={p} /> },
        ]}
      />
    </>
  );
}
