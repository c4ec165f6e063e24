import { DownOutlined } from '@ant-design/icons';
import { Button, Descriptions, Dropdown, Empty, Result, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api';
import type { Host } from '../../../../lib/protocol/hosts';
import { useQuery, type Watch } from '../data';
import { useObjectActions, type ObjectExtra } from './actions';
import { HostGroupDetails } from './HostGroupDetails';
import type { ObjectRef } from './objects';
import { ServerDetails } from './ServerDetails';
import { UserDetails } from './UserDetails';
import { VmDetails } from './VmDetails';
import { DriveDetails } from './DriveDetails';
import { PoolDetails } from './PoolDetails';
import { VmSnapshotDetails } from './VmStorage';

/** The details panel: whatever the tree or a list selected. */
export function Details(props: { selected: ObjectRef | null; onGone(): void }) {
  const { selected } = props;
  if (!selected) return <Empty description="Select an object in the tree to see its details" />;
  switch (selected.kind) {
    case 'vm':
      return <VmDetails id={selected.id} />;
    case 'user':
      return <UserDetails id={selected.id} />;
    case 'hostGroup':
      return <HostGroupDetails id={selected.id} />;
    case 'host':
      return (
        <PlainDetails<Host>
          object={selected}
          path={`/hosts/${encodeURIComponent(selected.id)}`}
          watch={[{ kind: 'host', id: selected.id }]}
        />
      );
    case 'server':
      return <ServerDetails id={selected.id} />;
    case 'pool':
      return <PoolDetails id={selected.id} />;
    case 'drive':
      return <DriveDetails id={selected.id} />;
    case 'vmSnapshot':
      return <VmSnapshotDetails vmId={selected.parent ?? ''} id={selected.id} />;
    default:
      return null;
  }
}

/** The header every details panel shares: the object's name and its Actions menu. */
export function DetailsHeader(props: { object: ObjectRef; extra?: ObjectExtra; tags?: ReactNode }) {
  const { itemsFor } = useObjectActions();
  const items = itemsFor(props.object, props.extra);
  return (
    <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {props.object.name} {props.tags}
      </Typography.Title>
      {items.length > 0 && (
        // Enter on an item must not also reach the first field of the dialog it opens.
        <Dropdown menu={{ items, onClick: ({ domEvent }) => domEvent.preventDefault() }} trigger={['click']}>
          <Button>
            Actions <DownOutlined />
          </Button>
        </Dropdown>
      )}
    </Space>
  );
}

/** A fetch failure in a details panel: a deleted object says so instead of keeping stale fields. */
export function LoadFailure(props: { error: Error }) {
  const gone = props.error instanceof ApiError && props.error.status === 404;
  return <Result status={gone ? '404' : 'error'} title={gone ? 'This object no longer exists' : 'Could not load'} subTitle={props.error.message} />;
}

function PlainDetails<T extends { name: string }>(props: { object: ObjectRef; path: string; watch: Watch[] }) {
  const q = useQuery<T>(props.path, props.watch);
  if (q.error) return <LoadFailure error={q.error} />;
  if (!q.data) return null;
  const entries = Object.entries(q.data).filter(([, v]) => v === null || typeof v !== 'object');
  return (
    <>
      <DetailsHeader object={{ ...props.object, name: q.data.name }} />
      <Descriptions size="small" bordered column={1} items={entries.map(([k, v]) => ({ key: k, label: k, children: v === null ? '—' : String(v) }))} />
    </>
  );
}
