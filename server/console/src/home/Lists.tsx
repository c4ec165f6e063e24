import { UserOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { isVm, useConsole, useList } from '../data';
import { useDialogs } from '../dialogs';
import type { HostGroup } from '../../../../lib/protocol/host-groups';
import type { User } from '../../../../lib/protocol/users';
import type { Vm } from '../../../../lib/protocol/vms';
import { ROLE_COLOURS, ROLE_LABELS } from '../labels';
import { useObjectActions } from './actions';
import { VM_DRAG_TYPE, type ObjectRef } from './objects';

/** The VM List Tab: select many, delete or grant them, or drag them onto a user in the tree. */
export function VmList(props: { onOpen(o: ObjectRef): void }) {
  const { me } = useConsole();
  const vms = useList<Vm>('/vms?template=false', 'vm', isVm);
  const [selected, setSelected] = useState<string[]>([]);
  const { remove } = useObjectActions();
  const open = useDialogs();
  const rows = vms.data ?? [];
  const chosen = rows.filter((v) => selected.includes(v.id)).map((v): ObjectRef => ({ kind: 'vm', id: v.id, name: v.name }));
  const canCreate = me.role !== 'restricted';
  return (
    <>
      {canCreate && (
        <Space style={{ marginBottom: 8 }} wrap>
          <Button danger disabled={!chosen.length} onClick={() => remove(chosen)}>
            Delete selected
          </Button>
          <Button disabled={!chosen.length} onClick={() => open({ kind: 'grantVms', vms: chosen })}>
            Grant selected to user…
          </Button>
        </Space>
      )}
      <Table<Vm>
        aria-label="VM list"
        size="small"
        rowKey="id"
        loading={vms.loading && !vms.data}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowSelection={canCreate ? { selectedRowKeys: selected.filter((id) => rows.some((v) => v.id === id)), onChange: (keys) => setSelected(keys as string[]) } : undefined}
        onRow={(vm) =>
          ({
            draggable: true,
            onDragStart: (e) => {
              const dragged = selected.includes(vm.id) ? chosen : [{ kind: 'vm', id: vm.id, name: vm.name }];
              e.dataTransfer.setData(VM_DRAG_TYPE, JSON.stringify(dragged));
              e.dataTransfer.effectAllowed = 'copy';
            },
            onDoubleClick: () => props.onOpen({ kind: 'vm', id: vm.id, name: vm.name }),
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          { title: 'Name', dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name) },
          { title: 'OS Type', dataIndex: 'osType' },
          { title: 'State', dataIndex: 'state' },
          { title: 'Host Group', dataIndex: 'hostGroup', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </>
  );
}

export function UserList(props: { onOpen(o: ObjectRef): void }) {
  const users = useList<User>('/users', 'user');
  return (
    <Table<User>
      aria-label="User list"
      size="small"
      rowKey="id"
      loading={users.loading && !users.data}
      dataSource={users.data ?? []}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      onRow={(u) => ({ onDoubleClick: () => props.onOpen({ kind: 'user', id: u.id, name: u.name }) })}
      columns={[
        { title: 'Name', dataIndex: 'name', render: (name: string, u) => <span><UserOutlined style={{ color: ROLE_COLOURS[u.role], marginRight: 6 }} />{name}</span> },
        { title: 'Role', dataIndex: 'role', render: (role: User['role']) => <Tag>{ROLE_LABELS[role]}</Tag> },
      ]}
    />
  );
}

export function HostGroupList(props: { onOpen(o: ObjectRef): void }) {
  const groups = useList<HostGroup>('/host-groups', 'hostGroup');
  const { me } = useConsole();
  const [selected, setSelected] = useState<string[]>([]);
  const { remove } = useObjectActions();
  const rows = groups.data ?? [];
  const chosen = rows.filter((g) => selected.includes(g.id)).map((g): ObjectRef => ({ kind: 'hostGroup', id: g.id, name: g.name }));
  return (
    <>
      {me.role !== 'restricted' && (
        <Button danger disabled={!chosen.length} onClick={() => remove(chosen)} style={{ marginBottom: 8 }}>
          Delete selected
        </Button>
      )}
      <Table<HostGroup>
        aria-label="Host Group list"
        size="small"
        rowKey="id"
        loading={groups.loading && !groups.data}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowSelection={me.role !== 'restricted' ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
        onRow={(g) => ({ onDoubleClick: () => props.onOpen({ kind: 'hostGroup', id: g.id, name: g.name }) })}
        columns={[
          { title: 'Name', dataIndex: 'name' },
          { title: 'Type', dataIndex: 'type' },
          { title: 'Hosts', dataIndex: 'hosts' },
          { title: 'VMs', dataIndex: 'vms' },
        ]}
      />
    </>
  );
}
