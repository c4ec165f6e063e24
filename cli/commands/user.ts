import { ROLES } from '../../lib/catalog.js';
import type { CliCommand } from '../command.js';
import { withClient, type ApiClient } from '../client.js';
import { details, JSON_OPTION, print, table, type Column } from '../output.js';
import type { Grant, User } from '../../lib/protocol/users.js';

const COLUMNS: Column<User>[] = [
  { header: 'NAME', value: (u) => u.name },
  { header: 'ROLE', value: (u) => u.role },
  { header: 'BUILT-IN', value: (u) => u.builtin },
  { header: 'MUST CHANGE PASSWORD', value: (u) => u.mustChangePassword },
  { header: 'CREATED', value: (u) => u.createdAt },
  { header: 'ID', value: (u) => u.id },
];

const GRANT_COLUMNS: Column<Grant>[] = [
  { header: 'TYPE', value: (g) => g.objectType },
  { header: 'NAME', value: (g) => g.objectName },
  { header: 'GRANTED', value: (g) => g.grantedAt },
  { header: 'ID', value: (g) => g.objectId },
];

/**
 * What can be put on a user's account, as typed on the command line, with the API's type
 * and the route that turns a name into an id (grants are stored by id).
 */
const GRANTABLE: Record<string, { type: string; lookup: string }> = {
  vm: { type: 'vm', lookup: '/vms' },
  template: { type: 'vm', lookup: '/vms' },
  'host-group': { type: 'host_group', lookup: '/host-groups' },
  'vm-group': { type: 'vm_group', lookup: '/vm-groups' },
  drive: { type: 'drive', lookup: '/drives' },
};

async function objectRef(client: ApiClient, kind: string, object: string): Promise<{ objectType: string; objectId: string }> {
  const grantable = GRANTABLE[kind];
  if (!grantable) throw new Error(`cannot grant a "${kind}"; use one of ${Object.keys(GRANTABLE).join(', ')}`);
  const found = await client.get<{ id: string }>(`${grantable.lookup}/${encodeURIComponent(object)}`);
  return { objectType: grantable.type, objectId: found.id };
}

const USER_ARG = { syntax: '<user>', description: 'user name or id' };
const OBJECT_ARGS = [
  { syntax: '<kind>', description: `what to grant: ${Object.keys(GRANTABLE).join(', ')}` },
  { syntax: '<object>', description: 'its name or id' },
];
const path = (user: string) => `/users/${encodeURIComponent(user)}`;
const roleOption = (description: string) => ({ flags: '--role <role>', description: `${description}: ${ROLES.join(', ')}` });

export const userCommand: CliCommand = {
  name: 'user',
  description: 'User accounts and what is on them (creating users and changing roles is for administrators)',
  subcommands: [
    {
      name: 'list',
      description: 'List users',
      options: [JSON_OPTION],
      async run(_args, options) {
        const users = await withClient((c) => c.get<User[]>('/users'));
        print(options, users, () => table(users, COLUMNS));
      },
    },
    {
      name: 'create',
      description: 'Create a user',
      options: [
        { flags: '--name <name>', description: 'user name', required: true },
        { flags: '--password <password>', description: 'initial password', required: true },
        { ...roleOption('role'), defaultValue: 'regular' },
        JSON_OPTION,
      ],
      async run(_args, options) {
        const user = await withClient((c) => c.post<User>('/users', { name: options.name, password: options.password, role: options.role }));
        print(options, user, () => details(user, COLUMNS));
      },
    },
    {
      name: 'show',
      description: 'Show a user',
      args: [USER_ARG],
      options: [JSON_OPTION],
      async run([user], options) {
        const found = await withClient((c) => c.get<User>(path(user!)));
        print(options, found, () => details(found, COLUMNS));
      },
    },
    {
      name: 'set',
      description: 'Rename a user or change their role',
      args: [USER_ARG],
      options: [{ flags: '--name <name>', description: 'new user name' }, roleOption('new role'), JSON_OPTION],
      async run([user], options) {
        const body = { ...(options.name === undefined ? {} : { name: options.name }), ...(options.role === undefined ? {} : { role: options.role }) };
        if (Object.keys(body).length === 0) throw new Error('nothing to change: give --name or --role');
        const updated = await withClient((c) => c.patch<User>(path(user!), body));
        print(options, updated, () => details(updated, COLUMNS));
      },
    },
    {
      name: 'delete',
      description: 'Delete a user (the built-in admin cannot be deleted)',
      args: [USER_ARG],
      options: [JSON_OPTION],
      async run([user], options) {
        const reply = await withClient((c) => c.delete(path(user!)));
        print(options, reply, () => `Deleted user ${user}.`);
      },
    },
    {
      name: 'password',
      description: "Set a user's password; they must change it at their next login",
      args: [USER_ARG],
      options: [{ flags: '--password <password>', description: 'new password', required: true }, JSON_OPTION],
      async run([user], options) {
        const reply = await withClient((c) => c.put(`${path(user!)}/password`, { password: options.password }));
        print(options, reply, () => `Password of ${user} set; they must change it at their next login.`);
      },
    },
    {
      name: 'grants',
      description: "List what is on a user's account: VMs, templates, drives, Host Groups, VM Groups",
      args: [USER_ARG],
      options: [JSON_OPTION],
      async run([user], options) {
        const grants = await withClient((c) => c.get<Grant[]>(`${path(user!)}/grants`));
        print(options, grants, () => table(grants, GRANT_COLUMNS));
      },
    },
    {
      name: 'grant',
      description: "Add an object to a user's account (give them access)",
      args: [USER_ARG, ...OBJECT_ARGS],
      options: [JSON_OPTION],
      async run([user, kind, object], options) {
        const grant = await withClient(async (c) => c.post<Grant>(`${path(user!)}/grants`, await objectRef(c, kind!, object!)));
        print(options, grant, () => `Granted ${kind} ${grant.objectName} to ${user}.`);
      },
    },
    {
      name: 'revoke',
      description: "Remove an object from a user's account",
      args: [USER_ARG, ...OBJECT_ARGS],
      options: [JSON_OPTION],
      async run([user, kind, object], options) {
        const reply = await withClient(async (c) => {
          const ref = await objectRef(c, kind!, object!);
          return c.delete(`${path(user!)}/grants/${ref.objectType}/${encodeURIComponent(ref.objectId)}`);
        });
        print(options, reply, () => `Revoked ${kind} ${object} from ${user}.`);
      },
    },
  ],
};
