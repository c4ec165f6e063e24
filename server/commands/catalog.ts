import { ensureBuiltinAdmin } from './bootstrap.js';
import type { CommandDeps } from './command.js';
import { createDrive, deleteDriveCommand, deleteSnapshots, growDrive, updateDriveCommand } from './drives.js';
import { exportDrive, unexportDrive } from './exports.js';
import { createHostGroup, deleteHostGroupCommand, updateHostGroupCommand } from './host-groups.js';
import { deleteHostCommand, moveHostCommand, registerHost, updateHostCommand } from './hosts.js';
import { addPool, removePool, setPoolOnlineCommand } from './pools.js';
import { provisionVms } from './provision.js';
import { registerLocalServer } from './servers.js';
import { deleteMailSettings, setMailSettings, setNtpServers } from './settings.js';
import { createUser, deleteUserCommand, grantObject, revokeObject, setUserPassword, updateUserCommand } from './users.js';
import {
  addVmGroupMembers, applyVmGroup, createVmGroup, deleteVmGroupCommand, removeVmGroupMemberCommand, updateVmGroupCommand,
} from './vm-groups.js';
import { attachDrive, cloneDriveSnapshot, deleteVmWithDrives, detachDrive, snapshotDrive, snapshotVm, updateSnapshotComment } from './vm-storage.js';
import { makeTemplate, updateVmCommand } from './vms.js';

/**
 * Every command the server runs, built once from its dependencies and keyed by its type.
 * Routes (and later the scheduler and the agent link) take commands from here by type;
 * none builds its own.
 */
export function buildCatalog(deps: CommandDeps) {
  return {
    'user.ensureBuiltinAdmin': ensureBuiltinAdmin,
    'user.create': createUser,
    'user.update': updateUserCommand,
    'user.delete': deleteUserCommand,
    'user.setPassword': setUserPassword,
    'grant.add': grantObject,
    'grant.remove': revokeObject,
    'server.registerLocal': registerLocalServer,
    'settings.setMail': setMailSettings,
    'settings.deleteMail': deleteMailSettings,
    'settings.setNtp': setNtpServers,
    'pool.add': addPool(deps),
    'pool.setOnline': setPoolOnlineCommand,
    'pool.remove': removePool,
    'hostGroup.create': createHostGroup,
    'hostGroup.update': updateHostGroupCommand,
    'hostGroup.delete': deleteHostGroupCommand,
    'host.register': registerHost,
    'host.update': updateHostCommand,
    'host.move': moveHostCommand,
    'host.delete': deleteHostCommand,
    'vm.create': provisionVms(deps, 'vm.create'),
    'vm.clone': provisionVms(deps, 'vm.clone'),
    'vmSnapshot.clone': provisionVms(deps, 'vmSnapshot.clone'),
    'vm.update': updateVmCommand,
    'vm.makeTemplate': makeTemplate,
    'vm.delete': deleteVmWithDrives(deps),
    'vm.snapshot': snapshotVm,
    'vm.attachDrive': attachDrive(deps),
    'vm.detachDrive': detachDrive,
    'drive.create': createDrive(deps),
    'drive.update': updateDriveCommand(deps),
    'drive.grow': growDrive(deps),
    'drive.delete': deleteDriveCommand(deps),
    'drive.snapshot': snapshotDrive,
    'drive.export': exportDrive(deps),
    'drive.unexport': unexportDrive(deps),
    'snapshot.update': updateSnapshotComment,
    'snapshot.deleteMany': deleteSnapshots(deps),
    'snapshot.cloneDrive': cloneDriveSnapshot(deps),
    'vmGroup.create': createVmGroup,
    'vmGroup.update': updateVmGroupCommand,
    'vmGroup.addMembers': addVmGroupMembers,
    'vmGroup.removeMember': removeVmGroupMemberCommand,
    'vmGroup.delete': deleteVmGroupCommand,
    'vmGroup.apply': applyVmGroup(deps),
  };
}

export type Catalog = ReturnType<typeof buildCatalog>;
export type CommandType = keyof Catalog;
export type InputOf<K extends CommandType> = Parameters<Catalog[K]['prepare']>[0];
export type ResultOf<K extends CommandType> = ReturnType<Catalog[K]['apply']>;
