import { Button, Descriptions, Table, Tag } from 'antd';
import { useState } from 'react';
import { useConsole, useQuery } from '../data';
import { LoadFailure } from './Details';

interface Server {
  id: string;
  name: string;
  address: string;
  online: boolean;
  isLocal: boolean;
  stats: { hostname: string; release: string; uptimeSeconds: number; loadAverage: number[]; cpuCount: number; memoryTotalBytes: number; memoryFreeBytes: number } | null;
}

interface LogEntry {
  time: string;
  level: string;
  msg: string;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** A server: its statistics and, for administrators, its activity log (the manual's "Logs"). */
export function ServerDetails(props: { id: string }) {
  const { me } = useConsole();
  const path = `/servers/${encodeURIComponent(props.id)}`;
  const server = useQuery<Server>(path, ['server']);
  const [showLogs, setShowLogs] = useState(false);
  const logs = useQuery<{ entries: LogEntry[] }>(showLogs ? `${path}/logs?limit=200` : null, ['server']);
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
