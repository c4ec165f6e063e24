import { CameraOutlined, ClusterOutlined, CloudServerOutlined, DatabaseOutlined, DesktopOutlined, HddOutlined, LaptopOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Empty, Radio, Spin, Tree, type TreeDataNode } from 'antd';
import { useCallback, useEffect, useState, type DragEvent, type ReactNode } from 'react';
import { pointBelow, useContextMenu } from '../context-menu';
import { isVm, useConsole, useList, useQuery } from '../data';
import { grantVms } from '../dialogs';
import type { HostGroup } from '../../../../lib/protocol/host-groups';
import type { Host } from '../../../../lib/protocol/hosts';
import type { Server } from '../../../../lib/protocol/servers';
import type { Drive, Pool, VmSnapshot } from '../../../../lib/protocol/storage';
import type { User } from '../../../../lib/protocol/users';
import type { Vm } from '../../../../lib/protocol/vms';
import { formatBytes } from '../../../../lib/sizes';
import { ROLE_COLOURS, driveColour } from '../labels';
import { useObjectActions, type ObjectExtra } from './actions';
import { keyOf, VM_DRAG_TYPE, type ObjectRef } from './objects';

export type View = 'hostGroups' | 'users' | 'vms' | 'servers';

const HOST_DRAG_TYPE = 'application/x-infinity-host';

interface Node extends TreeDataNode {
  ref: ObjectRef;
  extra?: ObjectExtra;
  children?: Node[];
}

/** The object tree of the Home tab for one view; selecting a node opens its details. */
export function ObjectTree(props: { view: View; selected: ObjectRef | null; onSelect(o: ObjectRef | null): void }) {
  const { view } = props;
  const { api, capabilities } = useConsole();
  const { message } = AntApp.useApp();
  const { itemsFor, newItems } = useObjectActions();
  const [by, setBy] = useState<'vm' | 'host'>('vm');
  const [vmBy, setVmBy] = useState<'drive' | 'snapshot'>('drive');
  // VMs open on demand (1,000 of them); other views show everything open unless closed.
  const [expanded, setExpanded] = useState<string[]>([]);
  const [collapsed, setCollapsed] = useState<string[]>([]);
  const [vmSnapshots, setVmSnapshots] = useState<Record<string, VmSnapshot[]>>({});
  const showHosts = view === 'hostGroups' && capabilities.hosts && by === 'host';
  const vmChildren = view === 'vms' && capabilities.storage;
  const onSnapshots = useCallback((vmId: string, list: VmSnapshot[]) => setVmSnapshots((m) => (m[vmId] === list ? m : { ...m, [vmId]: list })), []);

  const vmsShown = view === 'vms' || (view === 'hostGroups' && !showHosts);
  const vms = useList<Vm>(vmsShown ? '/vms?template=false' : null, 'vm', isVm);
  const users = useList<User>(view === 'users' ? '/users' : null, 'user');
  const groups = useList<HostGroup>(view === 'hostGroups' ? '/host-groups' : null, 'hostGroup');
  const hosts = useList<Host>(showHosts ? '/hosts' : null, 'host');
  const servers = useList<Server>(view === 'servers' ? '/servers' : null, 'server');
  const storageTree = capabilities.storage && (view === 'servers' || (vmChildren && vmBy === 'drive'));
  const pools = useList<Pool>(capabilities.storage && view === 'servers' ? '/pools' : null, 'pool');
  const drives = useList<Drive>(storageTree ? '/drives' : null, 'drive');
  const [dropKey, setDropKey] = useState<string>();
  const [activeKey, setActiveKey] = useState<string>();
  const openMenu = useContextMenu();
  const treeHeight = useTreeHeight();

  const driveNode = (d: Drive): Node => ({
    key: keyOf({ kind: 'drive', id: d.id }),
    title: d.name,
    ref: { kind: 'drive', id: d.id, name: d.name },
    extra: { drive: d },
    icon: <HddOutlined style={{ color: driveColour(d) }} aria-label={d.vm === null ? 'unassigned drive' : 'assigned drive'} />,
    isLeaf: true,
  });
  const snapshotNode = (vm: Vm, s: VmSnapshot): Node => {
    const when = new Date(s.createdAt).toLocaleString();
    return {
      key: keyOf({ kind: 'vmSnapshot', id: s.id }),
      title: s.comment ? `${when} ${s.comment}` : when,
      ref: { kind: 'vmSnapshot', id: s.id, name: when, parent: vm.id },
      extra: { vmSnapshot: { snapshot: s, vm: vm.name } },
      icon: <CameraOutlined />,
      isLeaf: true,
    };
  };
  const vmNode = (vm: Vm, withStorage = false): Node => ({
    key: keyOf({ kind: 'vm', id: vm.id }),
    title: vm.name,
    ref: { kind: 'vm', id: vm.id, name: vm.name },
    icon: <DesktopOutlined />,
    isLeaf: !withStorage,
    ...(withStorage
      ? { children: vmBy === 'drive' ? (drives.data ?? []).filter((d) => d.vmId === vm.id).map(driveNode) : (vmSnapshots[vm.id] ?? []).map((s) => snapshotNode(vm, s)) }
      : {}),
  });
  let nodes: Node[] = [];
  let loading = false;
  if (view === 'vms') {
    loading = vms.loading && !vms.data;
    nodes = (vms.data ?? []).map((vm) => vmNode(vm, vmChildren));
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
        : (vms.data ?? []).filter((v) => v.hostGroupId === g.id).map((vm) => vmNode(vm)),
    }));
  } else {
    loading = servers.loading && !servers.data;
    // The manual's Servers view: each server's Storage Pools, and in each pool its drives (green assigned, brown unassigned).
    nodes = (servers.data ?? []).map((s) => {
      const mine = (pools.data ?? []).filter((p) => p.server === s.name);
      return {
        key: keyOf({ kind: 'server', id: s.id }),
        title: s.name,
        ref: { kind: 'server', id: s.id, name: s.name },
        icon: <CloudServerOutlined />,
        isLeaf: mine.length === 0,
        children: mine.map((p) => ({
          key: keyOf({ kind: 'pool', id: p.id }),
          title: `${p.name} (${p.online ? 'OnLine' : 'OffLine'}${p.freeBytes === null ? '' : `, ${formatBytes(p.freeBytes)} free`})`,
          ref: { kind: 'pool', id: p.id, name: p.name },
          extra: { pool: p },
          icon: <DatabaseOutlined style={{ color: p.online ? undefined : '#999' }} />,
          children: (drives.data ?? []).filter((d) => d.poolId === p.id).map(driveNode),
        })),
      };
    });
  }

  const byKey = new Map<string, Node>();
  const index = (list: Node[]) => list.forEach((n) => (byKey.set(String(n.key), n), index(n.children ?? [])));
  index(nodes);
  const parents = [...byKey.values()].filter((n) => n.children?.length).map((n) => String(n.key));

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
    const draggable = node.ref.kind === 'vm' || node.ref.kind === 'host';
    return (
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
      >
        {String(node.title)}
      </span>
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
      key={`${view}:${vmBy}`}
      showIcon
      blockNode
      // Virtual: only the rows in view are in the page (1,000 VMs would be 1,000 nodes).
      height={treeHeight}
      expandedKeys={vmChildren ? expanded : parents.filter((k) => !collapsed.includes(k))}
      onExpand={(keys) => {
        const open = keys.map(String);
        if (vmChildren) setExpanded(open);
        else setCollapsed(parents.filter((k) => !open.includes(k)));
      }}
      treeData={nodes}
      titleRender={title}
      selectedKeys={selectedKey ? [selectedKey] : []}
      // Clicking the selected node again keeps it selected (antd would toggle it off): a click always shows details.
      onSelect={(_keys, info) => props.onSelect(info.node.ref)}
      onRightClick={({ event, node }) => {
        // The node's menu or none: never the background's "New …" under a node.
        event.stopPropagation();
        const items = itemsFor(node.ref, node.extra);
        if (!items.length) return;
        event.preventDefault();
        openMenu({ x: event.clientX, y: event.clientY }, items);
      }}
      // The keyboard's place in the tree outlives a blur (rc-tree forgets it when the focus
      // moves into a menu), so that Escape brings the person back where they were.
      activeKey={activeKey ?? null}
      onActiveChange={(key) => key !== null && key !== undefined && setActiveKey(String(key))}
      onKeyDown={(e) => {
        // The keyboard's context-menu key and Shift+F10 open the menu of the node the arrows reached.
        if (e.key !== 'ContextMenu' && !(e.shiftKey && e.key === 'F10')) return;
        const node = activeKey === undefined ? undefined : byKey.get(activeKey);
        const element = e.currentTarget.querySelector('.ant-tree-treenode-active .ant-tree-node-content-wrapper');
        e.preventDefault();
        if (node && element) openMenu(pointBelow(element), itemsFor(node.ref, node.extra));
        else if (background.length) openMenu(pointBelow(e.currentTarget), background);
      }}
    />
  );

  const expandedVms = vmChildren && vmBy === 'snapshot' ? expanded.filter((k) => k.startsWith('vm:')).map((k) => k.slice(3)) : [];
  return (
    <div>
      {expandedVms.map((id) => (
        <SnapshotLoader key={id} vmId={id} onData={onSnapshots} />
      ))}
      {vmChildren && (
        <Radio.Group
          aria-label="Details By"
          size="small"
          value={vmBy}
          onChange={(e) => setVmBy(e.target.value as 'drive' | 'snapshot')}
          options={[
            { value: 'snapshot', label: 'By Snapshot' },
            { value: 'drive', label: 'By Hard Drive' },
          ]}
          style={{ marginBottom: 8 }}
        />
      )}
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
      <div
        style={{ minHeight: 240 }}
        onContextMenu={(e) => {
          if (!background.length) return;
          e.preventDefault();
          openMenu({ x: e.clientX, y: e.clientY }, background);
        }}
      >
        {tree}
      </div>
    </div>
  );
}

/** Fetches (and keeps live) the snapshots of one expanded VM for the tree's By Snapshot view. */
function SnapshotLoader(props: { vmId: string; onData(vmId: string, list: VmSnapshot[]): void }) {
  const q = useQuery<VmSnapshot[]>(`/vms/${encodeURIComponent(props.vmId)}/snapshots`, [
    { kind: 'vm', id: props.vmId },
  ]);
  const { onData, vmId } = props;
  useEffect(() => {
    if (q.data) onData(vmId, q.data);
  }, [q.data, onData, vmId]);
  return null;
}

/** The tree's scrolling height: what the window leaves below the header, tabs and view buttons. */
function useTreeHeight(): number {
  const fit = () => Math.max(240, window.innerHeight - 300);
  const [height, setHeight] = useState(fit);
  useEffect(() => {
    const resize = () => setHeight(fit());
    window.addEventListener('resize', resize);
    return () => window.removeEventListener('resize', resize);
  }, []);
  return height;
}
