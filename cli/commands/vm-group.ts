import type { CliCommand } from '../command.js';
import { withClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import { collectValues } from '../parsers.js';
import type { VmGroup } from '../../lib/protocol/vm-groups.js';
import type { DeleteReply, Vm } from '../../lib/protocol/vms.js';
import { VM_COLUMNS } from './vm.js';

const COLUMNS: Column<VmGroup>[] = [
  { header: 'NAME', value: (g) => g.name },
  { header: 'MEMBERS', value: (g) => g.memberCount },
  { header: 'COMMENT', value: (g) => g.comment },
  { header: 'ID', value: (g) => g.id },
];

const DETAIL_COLUMNS: Column<VmGroup>[] = [
  { header: 'Name', value: (g) => g.name },
  { header: 'Id', value: (g) => g.id },
  { header: 'Comment', value: (g) => g.comment },
  { header: 'Members', value: (g) => g.vms.map((vm) => `${vm.name}${vm.isTemplate ? ' (template)' : ''}`).join('\n') },
  { header: 'Hidden members', value: (g) => g.memberCount - g.vms.length },
  { header: 'Created', value: (g) => g.createdAt },
];

const GROUP_ARG = { syntax: '<group>', description: 'VM Group name or id' };
const VM_OPTION = { flags: '--vm <vm>', description: 'VM or template (name or id), repeatable', parse: collectValues };
const path = (group: string) => `/vm-groups/${encodeURIComponent(group)}`;

export const vmGroupCommand: CliCommand = {
  name: 'vm-group',
  description: 'VM Groups: sets of VMs and templates handled together',
  subcommands: [
    {
      name: 'list',
      description: 'List the VM Groups you can see',
      options: [JSON_OPTION],
      async run(_args, options) {
        const groups = await withClient((c) => c.get<VmGroup[]>('/vm-groups'));
        print(options, groups, () => table(groups, COLUMNS));
      },
    },
    {
      name: 'create',
      description: 'Create a VM Group',
      options: [{ flags: '--name <name>', description: 'VM Group name', required: true }, { flags: '--comment <text>', description: 'comment' }, VM_OPTION, JSON_OPTION],
      async run(_args, options) {
        const body = { name: options.name, ...(options.comment === undefined ? {} : { comment: options.comment }), ...(options.vm === undefined ? {} : { vms: options.vm }) };
        const group = await withClient((c) => c.post<VmGroup>('/vm-groups', body));
        print(options, group, () => details(group, DETAIL_COLUMNS));
      },
    },
    {
      name: 'show',
      description: 'Show a VM Group and its members',
      args: [GROUP_ARG],
      options: [JSON_OPTION],
      async run([group], options) {
        const found = await withClient((c) => c.get<VmGroup>(path(group!)));
        print(options, found, () => details(found, DETAIL_COLUMNS));
      },
    },
    {
      name: 'set',
      description: 'Rename a VM Group or change its comment',
      args: [GROUP_ARG],
      options: [{ flags: '--name <name>', description: 'new name' }, { flags: '--comment <text>', description: 'comment' }, JSON_OPTION],
      async run([group], options) {
        const body = { ...(options.name === undefined ? {} : { name: options.name }), ...(options.comment === undefined ? {} : { comment: options.comment }) };
        if (Object.keys(body).length === 0) throw new Error('nothing to change: give --name or --comment');
        const updated = await withClient((c) => c.patch<VmGroup>(path(group!), body));
        print(options, updated, () => details(updated, DETAIL_COLUMNS));
      },
    },
    {
      name: 'delete',
      description: "Delete a VM Group (its VMs stay; a regular user's delete only removes their access while others still have it)",
      args: [GROUP_ARG],
      options: [JSON_OPTION],
      async run([group], options) {
        const reply = await withClient((c) => c.delete<DeleteReply>(path(group!)));
        print(options, reply, () => (reply.outcome === 'unassign' ? `Removed your access to VM Group ${group}; others still have it.` : `Deleted VM Group ${group}.`));
      },
    },
    {
      name: 'add',
      description: 'Add VMs and templates to a VM Group',
      args: [GROUP_ARG],
      options: [{ ...VM_OPTION, required: true }, JSON_OPTION],
      async run([group], options) {
        const updated = await withClient((c) => c.post<VmGroup>(`${path(group!)}/vms`, { vms: options.vm }));
        print(options, updated, () => details(updated, DETAIL_COLUMNS));
      },
    },
    {
      name: 'remove',
      description: 'Take a VM or template out of a VM Group (the VM itself stays)',
      args: [GROUP_ARG, { syntax: '<vm>', description: 'VM or template name or id' }],
      options: [JSON_OPTION],
      async run([group, vm], options) {
        const updated = await withClient((c) => c.delete<VmGroup>(`${path(group!)}/vms/${encodeURIComponent(vm!)}`));
        print(options, updated, () => details(updated, DETAIL_COLUMNS));
      },
    },
    {
      name: 'apply',
      description: 'Clone every member of a VM Group onto a Host Group; the clones are named MEMBER-HOSTGROUP',
      args: [GROUP_ARG],
      options: [{ flags: '--host-group <group>', description: 'Host Group (name or id) that receives the clones', required: true }, JSON_OPTION],
      async run([group], options) {
        const clones = await withClient((c) => c.post<Vm[]>(`${path(group!)}/apply`, { hostGroup: options.hostGroup }));
        print(options, clones, () => table(clones, VM_COLUMNS));
      },
    },
  ],
};
