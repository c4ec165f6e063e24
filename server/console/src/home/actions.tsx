import { App as AntApp, type MenuProps } from 'antd';
import { useConsole } from '../data';
import { useDialogs } from '../dialogs';
import type { Drive, Pool, VmSnapshot } from '../../../../lib/protocol/storage';
import type { DeleteReply } from '../../../../lib/protocol/vms';
import type { ObjectRef } from './objects';

/** What a menu needs to know about its object beyond its reference. */
export interface ObjectExtra {
  isTemplate?: boolean;
  builtin?: boolean;
  pool?: Pool;
  drive?: Drive;
  /** A VM snapshot in the tree, with its VM's name. */
  vmSnapshot?: { snapshot: VmSnapshot; vm: string };
}

type Items = NonNullable<MenuProps['items']>;

const PATHS = { vm: '/vms', user: '/users', hostGroup: '/host-groups' } as const;

/**
 * The right-click menu of each object, also offered by the details panel's Actions
 * button so that every action is reachable from the keyboard. Items the caller's role
 * can never use are left out; object-level refusals come from the API as they are.
 */
export function useObjectActions() {
  const { api, me, capabilities } = useConsole();
  const open = useDialogs();
  const { message, modal } = AntApp.useApp();
  const canCreate = me.role !== 'restricted';
  const isAdmin = me.role === 'admin';

  const remove = (objects: ObjectRef[]) => {
    const kind = objects[0]?.kind;
    if (kind !== 'vm' && kind !== 'user' && kind !== 'hostGroup') return;
    modal.confirm({
      title: objects.length === 1 ? `Delete ${objects[0]!.name}?` : `Delete ${objects.length} objects?`,
      content: objects.map((o) => o.name).join(', '),
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: async () => {
        const failures: string[] = [];
        let unassigned = 0;
        for (const o of objects) {
          try {
            const reply = await api.delete<DeleteReply | undefined>(`${PATHS[kind]}/${encodeURIComponent(o.id)}`);
            if (reply?.outcome === 'unassign') unassigned += 1;
          } catch (e) {
            failures.push(`${o.name}: ${(e as Error).message}`);
          }
        }
        if (failures.length) message.error(failures.join('\n'));
        else if (unassigned) message.info(`${unassigned} removed from your account only; others still have access`);
        else message.success(objects.length === 1 ? `Deleted ${objects[0]!.name}` : `Deleted ${objects.length} objects`);
      },
    });
  };

  const makeTemplate = (vm: ObjectRef) =>
    modal.confirm({
      title: `Make ${vm.name} a template?`,
      content: 'A template cannot be turned back into a VM.',
      okText: 'Make template',
      onOk: () =>
        api.post(`/vms/${encodeURIComponent(vm.id)}/template`).then(
          () => void message.success(`${vm.name} is now a template`),
          (e: Error) => void message.error(e.message),
        ),
    });

  const setOnline = (pool: Pool, online: boolean) =>
    api.patch(`/pools/${encodeURIComponent(pool.id)}`, { online }).then(
      () => void message.success(`${pool.name} is ${online ? 'online' : 'offline'}`),
      (e: Error) => void message.error(e.message),
    );

  const deleteDrive = (drive: ObjectRef) =>
    modal.confirm({
      title: `Delete the hard drive ${drive.name}?`,
      content: 'Its data and snapshots are deleted with it.',
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: () =>
        api.delete(`/drives/${encodeURIComponent(drive.id)}`).then(
          () => void message.success(`Deleted ${drive.name}`),
          (e: Error) => void message.error(e.message),
        ),
    });

  const itemsFor = (o: ObjectRef, extra: ObjectExtra = {}): Items => {
    switch (o.kind) {
      case 'vm':
        return [
          ...(extra.isTemplate && canCreate ? [{ key: 'from-template', label: 'New VM from template…', onClick: () => open({ kind: 'createVm', template: o.id }) }] : []),
          ...(me.role !== 'restricted' ? [{ key: 'rename', label: 'Rename…', onClick: () => open({ kind: 'rename', object: o }) }] : []),
          // A template too: VMs are made from its last snapshot, so changes to it count once snapshotted.
          ...(canCreate && capabilities.storage ? [{ key: 'snapshot', label: 'Snapshot…', onClick: () => open({ kind: 'snapshotVm', vm: o }) }] : []),
          ...(canCreate && extra.isTemplate ? [{ key: 'clone', label: 'Clone…', onClick: () => open({ kind: 'cloneTemplate', template: o }) }] : []),
          ...(!extra.isTemplate && canCreate && capabilities.storage ? [{ key: 'clone', label: 'Clone…', onClick: () => open({ kind: 'cloneVm', vm: o }) }] : []),
          ...(!extra.isTemplate && canCreate ? [{ key: 'template', label: 'Make template', onClick: () => makeTemplate(o) }] : []),
          ...(canCreate ? [{ key: 'grant', label: 'Grant to user…', onClick: () => open({ kind: 'grantVms', vms: [o] }) }] : []),
          ...(canCreate ? [{ key: 'delete', label: 'Delete', danger: true, onClick: () => remove([o]) }] : []),
        ];
      case 'user':
        return isAdmin
          ? [
              ...(extra.builtin ? [] : [{ key: 'rename', label: 'Rename…', onClick: () => open({ kind: 'rename', object: o }) }]),
              { key: 'password', label: 'Set password…', onClick: () => open({ kind: 'setPassword', user: o }) },
              ...(extra.builtin ? [] : [{ key: 'delete', label: 'Delete', danger: true, onClick: () => remove([o]) }]),
            ]
          : [];
      case 'hostGroup':
        return canCreate ? [{ key: 'delete', label: 'Delete', danger: true, onClick: () => remove([o]) }] : [];
      case 'host':
        return canCreate ? [{ key: 'move', label: 'Move to Host Group…', onClick: () => open({ kind: 'moveHost', host: o }) }] : [];
      case 'server':
        return isAdmin && capabilities.storage ? [{ key: 'add-pool', label: 'Add Storage Pool…', onClick: () => open({ kind: 'addPool', server: o.name }) }] : [];
      case 'pool': {
        const pool = extra.pool;
        return [
          ...(isAdmin && pool ? [{ key: 'online', label: pool.online ? 'Take offline' : 'Bring online', onClick: () => void setOnline(pool, !pool.online) }] : []),
          ...(canCreate ? [{ key: 'new-drive', label: 'New hard drive…', onClick: () => open({ kind: 'addDrive' }) }] : []),
        ];
      }
      case 'vmSnapshot': {
        const s = extra.vmSnapshot;
        return s && canCreate ? [{ key: 'clone', label: 'Clone…', onClick: () => open({ kind: 'cloneVmSnapshot', snapshot: s.snapshot, vm: s.vm }) }] : [];
      }
      case 'drive': {
        const drive = extra.drive;
        return [
          ...(drive && canCreate ? [{ key: 'grow', label: 'Grow Disk…', onClick: () => open({ kind: 'growDrive', drive }) }] : []),
          ...(drive && drive.vm === null && canCreate ? [{ key: 'delete', label: 'Delete', danger: true, onClick: () => deleteDrive(o) }] : []),
        ];
      }
      default:
        return [];
    }
  };

  /** The menu of the tree's background: what can be created in this view. */
  const newItems = (view: string): Items => {
    if (view === 'vms' && canCreate) return [{ key: 'new-vm', label: 'New VM…', onClick: () => open({ kind: 'createVm' }) }];
    if (view === 'users' && isAdmin) return [{ key: 'new-user', label: 'New User…', onClick: () => open({ kind: 'createUser' }) }];
    if (view === 'hostGroups' && canCreate) return [{ key: 'new-host-group', label: 'New Host Group…', onClick: () => open({ kind: 'createHostGroup' }) }];
    if (view === 'servers' && capabilities.storage) {
      return [
        ...(isAdmin ? [{ key: 'add-pool', label: 'Add Storage Pool…', onClick: () => open({ kind: 'addPool' }) }] : []),
        ...(canCreate ? [{ key: 'new-drive', label: 'New hard drive…', onClick: () => open({ kind: 'addDrive' }) }] : []),
      ];
    }
    return [];
  };

  return { itemsFor, newItems, remove };
}
