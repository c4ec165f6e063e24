import { ClusterOutlined, CloudServerOutlined, DesktopOutlined, LaptopOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Dropdown, Empty, Radio, Spin, Tree, type TreeDataNode } from 'antd';
import { useState, type DragEvent, type ReactNode } from 'react';
import { useConsole, useQuery } from '../data';
import { grantVms } from '../dialogs';
import type { Host, HostGroup, Server, User, Vm } from '../types';
import { ROLE_COLOURS } from '../types';
import { useObjectActions } from './actions';
import { keyOf, VM_DRAG_TYPE, type ObjectRef } from './objects';

export type View = 'hostGroups' | 'users' | 'vms' | 'servers';

const HOST_DRAG_TYPE = 'application/x-infinity-host';

interface Node extends TreeDataNode {
  ref: ObjectRef;
  extra?: { isTemplate?: boolean; builtin?: boolean };
  children?: Node[];
}

/** The object tree of the Home tab for one view; selecting a node opens its details. */
export function ObjectTree(props: { view: View; selected: ObjectRef | null; onSelect(o: ObjectRef | null): void }) {
  const { view } = props;
  const { api, capabilities } = useConsole();
  const { message } = AntApp.useApp();
  const { itemsFor, newItems } = useObjectActions();
  const [by, setBy] = useState<'vm' | 'host'>('vm');
  const showHosts = view === 'hostGroups' && capabilities.hosts && by === 'host';

  const vms = useQuery<Vm[]>(view === 'vms' || (view === 'hostGroups' && !showHosts) ? '/vms?template=false' : null, ['vm', 'grant', 'hostGroup']);
  const users = useQuery<User[]>(view === 'users' ? '/users' : null, ['user']);
  const groups = useQuery<HostGroup[]>(view === 'hostGroups' ? '/host-groups' : null, ['hostGroup', 'grant', 'host', 'vm']);
  const hosts = useQuery<Host[]>(showHosts ? '/hosts' : null, ['host', 'hostGroup']);
  const servers = useQuery<Server[]>(view === 'servers' ? '/servers' : null, ['server']);
  const [dropKey, setDropKey] = useState<string>();

  const vmNode = (vm: Vm): Node => ({ key: keyOf({ kind: 'vm', id: vm.id }), title: vm.name, ref: { kind: 'vm', id: vm.id, name: vm.name }, icon: <DesktopOutlined />, isLeaf: true });
  let nodes: Node[] = [];
  let loading = false;
  if (view === 'vms') {
    loading = vms.loading && !vms.data;
    nodes = (vms.data ?? []).map(vmNode);
  } else if (view === 'users') {
    loading = users.loading && !users.data;
    nodes = (users.data ?? []).map((u) => ({
      key: keyOf({ kind: 'user', id: u.id }),
      title: u.name,
      ref: { kind: 'user', id: u.id, name: u.name },
      extra: { builtin: u.builtin },
      icon: <UserOutlined style={{ color: ROLE_COLOURS[u.role] }} aria-label={u.role === 'admin' ? 'administrator' : 'user'} />,
      isLeaf: true,
    }));
  } else if (view === 'hostGroups') {
    loading = groups.loading && !groups.data;
    nodes = (groups.data ?? []).map((g) => ({
      key: keyOf({ kind: 'hostGroup', id: g.id }),
      title: g.name,
      ref: { kind: 'hostGroup', id: g.id, name: g.name },
      icon: <ClusterOutlined />,
      children: showHosts
        ? (hosts.data ?? [])
            .filter((h) => h.hostGroupId === g.id)
            .map((h) => ({ key: keyOf({ kind: 'host', id: h.id }), title: h.name, ref: { kind: 'host', id: h.id, name: h.name }, icon: <LaptopOutlined />, isLeaf: true }))
        : (vms.data ?? []).filter((v) => v.hostGroupId === g.id).map(vmNode),
    }));
  } else {
    loading = servers.loading && !servers.data;
    nodes = (servers.data ?? []).map((s) => ({ key: keyOf({ kind: 'server', id: s.id }), title: s.name, ref: { kind: 'server', id: s.id, name: s.name }, icon: <CloudServerOutlined />, isLeaf: true }));
  }

  const byKey = new Map<string, Node>();
  const index = (list: Node[]) => list.forEach((n) => (byKey.set(String(n.key), n), index(n.children ?? [])));
  index(nodes);

  // Drops: VMs onto a user grant them (manual: List Tabs); a Host onto a Host Group moves it.
  const accepts = (node: Node, e: DragEvent) =>
    (node.ref.kind === 'user' && e.dataTransfer.types.includes(VM_DRAG_TYPE)) || (node.ref.kind === 'hostGroup' && e.dataTransfer.types.includes(HOST_DRAG_TYPE));
  const drop = async (node: Node, e: DragEvent) => {
    e.preventDefault();
    setDropKey(undefined);
    try {
      if (node.ref.kind === 'user') {
        const dragged = JSON.parse(e.dataTransfer.getData(VM_DRAG_TYPE)) as ObjectRef[];
        message.success(`${await grantVms(api, node.ref.id, dragged)} to ${node.ref.name}`);
      } else {
        const host = JSON.parse(e.dataTransfer.getData(HOST_DRAG_TYPE)) as ObjectRef;
        await api.post(`/hosts/${encodeURIComponent(host.id)}/host-group`, { hostGroup: node.ref.id });
        message.success(`Moved ${host.name} to ${node.ref.name}`);
      }
    } catch (error) {
      message.error((error as Error).message);
    }
  };

  const title = (node: Node): ReactNode => {
    const items = itemsFor(node.ref, node.extra);
    const draggable = node.ref.kind === 'vm' || node.ref.kind === 'host';
    const span = (
      <span
        className={`tree-title${dropKey === node.key ? ' drop-target' : ''}`}
        draggable={draggable}
        onDragStart={(e) => {
          if (node.ref.kind === 'vm') e.dataTransfer.setData(VM_DRAG_TYPE, JSON.stringify([node.ref]));
          else if (node.ref.kind === 'host') e.dataTransfer.setData(HOST_DRAG_TYPE, JSON.stringify(node.ref));
        }}
        onDragOver={(e) => {
          if (!accepts(node, e)) return;
          e.preventDefault();
          setDropKey(String(node.key));
        }}
        onDragLeave={() => setDropKey(undefined)}
        onDrop={(e) => void drop(node, e)}
        onContextMenu={(e) => e.stopPropagation()}
      >
        {String(node.title)}
      </span>
    );
    return items.length ? (
      <Dropdown menu={{ items }} trigger={['contextMenu']}>
        {span}
      </Dropdown>
    ) : (
      span
    );
  };

  const background = newItems(view);
  const selectedKey = props.selected ? keyOf(props.selected) : undefined;
  const tree = loading ? (
    <Spin />
  ) : nodes.length === 0 ? (
    <Empty description="Nothing here yet" />
  ) : (
    <Tree<Node>
      aria-label={`${view === 'hostGroups' ? 'Host Groups' : view === 'vms' ? 'VMs' : view === 'users' ? 'Users' : 'Servers'} tree`}
      showIcon
      blockNode
      defaultExpandAll
      treeData={nodes}
      titleRender={title}
      selectedKeys={selectedKey ? [selectedKey] : []}
      // Clicking the selected node again keeps it selected (antd would toggle it off): a click always shows details.
      onSelect={(_keys, info) => props.onSelect(info.node.ref)}
    />
  );

  return (
    <div>
      {view === 'hostGroups' && capabilities.hosts && (
        <Radio.Group
          aria-label="Details By"
          size="small"
          value={by}
          onChange={(e) => setBy(e.target.value as 'vm' | 'host')}
          options={[
            { value: 'host', label: 'By Host' },
            { value: 'vm', label: 'By VM' },
          ]}
          style={{ marginBottom: 8 }}
        />
      )}
      {background.length ? (
        <Dropdown menu={{ items: background }} trigger={['contextMenu']}>
          <div style={{ minHeight: 240 }}>{tree}</div>
        </Dropdown>
      ) : (
        <div style={{ minHeight: 240 }}>{tree}</div>
      )}
    </div>
  );
}
