import { App as AntApp, type MenuProps } from 'antd';
import { useConsole } from '../data';
import { useDialogs } from '../dialogs';
import type { ObjectRef } from './objects';

type Items = NonNullable<MenuProps['items']>;

interface DeleteReply {
  outcome: 'delete' | 'unassign';
}

const PATHS = { vm: '/vms', user: '/users', hostGroup: '/host-groups' } as const;

/**
 * The right-click menu of each object, also offered by the details panel's Actions
 * button so that every action is reachable from the keyboard. Items the caller's role
 * can never use are left out; object-level refusals come from the API as they are.
 */
export function useObjectActions() {
  const { api, me } = useConsole();
  const open = useDialogs();
  const { message, modal } = AntApp.useApp();
  const canCreate = me.role !== 'restricted';
  const isAdmin = me.role === 'admin';

  const remove = (objects: ObjectRef[]) => {
    const kind = objects[0]?.kind;
    if (!kind || kind === 'server' || kind === 'host') return;
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

  const itemsFor = (o: ObjectRef, extra: { isTemplate?: boolean; builtin?: boolean } = {}): Items => {
    switch (o.kind) {
      case 'vm':
        return [
          ...(extra.isTemplate && canCreate ? [{ key: 'from-template', label: 'New VM from template…', onClick: () => open({ kind: 'createVm', template: o.id }) }] : []),
          ...(me.role !== 'restricted' ? [{ key: 'rename', label: 'Rename…', onClick: () => open({ kind: 'rename', object: o }) }] : []),
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
      default:
        return [];
    }
  };

  /** The menu of the tree's background: what can be created in this view. */
  const newItems = (view: string): Items => {
    if (view === 'vms' && canCreate) return [{ key: 'new-vm', label: 'New VM…', onClick: () => open({ kind: 'createVm' }) }];
    if (view === 'users' && isAdmin) return [{ key: 'new-user', label: 'New User…', onClick: () => open({ kind: 'createUser' }) }];
    if (view === 'hostGroups' && canCreate) return [{ key: 'new-host-group', label: 'New Host Group…', onClick: () => open({ kind: 'createHostGroup' }) }];
    return [];
  };

  return { itemsFor, newItems, remove };
}
