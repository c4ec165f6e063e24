import { randomBytes } from 'node:crypto';
import { fail, InfinityError } from '../../lib/errors.js';
import { requireAdmin, type Actor } from '../access/policy.js';
import type { IscsiService } from '../iscsi/service.js';
import { exportSpecOf } from './export-spec.js';
import { driveLocks } from './locks.js';
import { chapUser as defaultChapUser, isInitiatorIqn, targetIqn } from '../iscsi/naming.js';
import type { Db } from '../store/db.js';
import { deleteExport, getExport, upsertExport } from '../store/exports.js';
import { defineCommand, type CommandDeps } from './command.js';
import { resolveDrive } from '../access/visibility.js';

export interface ExportInput {
  drive: string;
  initiator: string;
  chapUser?: string;
  chapSecret?: string;
  /** Export for a bare initiator name, without CHAP: only when asked for explicitly. */
  noChap?: boolean;
}

/** 24 characters from 18 random bytes: within every initiator's CHAP secret limits. */
export function newChapSecret(): string {
  return randomBytes(18).toString('base64url');
}

function checkInput(db: Db, iscsi: IscsiService, p: ExportInput & { secret: string | null }, actor: Actor) {
  requireAdmin(actor, 'export drives by hand (booting a VM exports its drives by itself)');
  const drive = resolveDrive(db, actor, p.drive, 'drive');
  if (!iscsi.exporter) throw new InfinityError('INF_ERR_CONFLICT', `iSCSI is not available on this server: ${iscsi.unavailableReason}`);
  if (!isInitiatorIqn(p.initiator)) throw fail.validation('initiator', `"${p.initiator}" is not an iSCSI initiator name (iqn.YYYY-MM.reversed.domain:name).`);
  if (p.noChap && (p.chapUser !== undefined || p.chapSecret !== undefined)) throw fail.validation('noChap', 'Give either CHAP credentials or noChap, not both.');
  if (p.chapSecret !== undefined && (p.chapSecret.length < 12 || p.chapSecret.length > 16 * 4)) {
    throw fail.validation('chapSecret', 'A CHAP secret must be 12 to 64 characters (many initiators refuse shorter ones).');
  }
  return drive;
}

export function exportDrive({ iscsi, storage }: CommandDeps) {
  return defineCommand({
    type: 'drive.export',
    sensitive: true,
    prepare: (input: ExportInput) => ({ ...input, secret: input.noChap ? null : (input.chapSecret ?? newChapSecret()) }),
    locks: (db, p, actor) => driveLocks([checkInput(db, iscsi, p, actor)]),
    async effects(db, p, fx, { actor }) {
      const drive = checkInput(db, iscsi, p, actor);
      const row = { driveId: drive.id, initiatorIqn: p.initiator, chapUser: p.secret ? (p.chapUser ?? defaultChapUser(drive.id)) : null, chapSecret: p.secret };
      const previous = getExport(db, drive.id);
      await fx.run('iscsi.export', { spec: exportSpecOf(row, drive, storage), previous: previous ? exportSpecOf(previous, drive, storage) : null });
    },
    apply(db, p, { actor, at }) {
      const drive = checkInput(db, iscsi, p, actor);
      const chapUser = p.secret ? (p.chapUser ?? defaultChapUser(drive.id)) : null;
      upsertExport(db, { driveId: drive.id, initiatorIqn: p.initiator, chapUser, chapSecret: p.secret, exportedAt: at, exportedBy: actor.id });
      const portal = iscsi.require().portal;
      return { driveId: drive.id, targetIqn: targetIqn(drive.id), portal: `${portal.host}:${portal.port}`, initiator: p.initiator, chapUser, chapSecret: p.secret };
    },
  });
}

export function unexportDrive({ iscsi, storage }: CommandDeps) {
  const check = (db: Db, p: { drive: string }, actor: Actor) => {
    requireAdmin(actor, 'unexport drives by hand');
    const drive = resolveDrive(db, actor, p.drive, 'drive');
    if (!iscsi.exporter) throw new InfinityError('INF_ERR_CONFLICT', `iSCSI is not available on this server: ${iscsi.unavailableReason}`);
    const row = getExport(db, drive.id);
    if (!row) throw fail.conflict(`Drive "${drive.name}" is not exported.`);
    return { drive, row };
  };
  return defineCommand({
    type: 'drive.unexport',
    prepare: (input: { drive: string }) => input,
    locks: (db, p, actor) => driveLocks([check(db, p, actor).drive]),
    async effects(db, p, fx, { actor }) {
      const { drive, row } = check(db, p, actor);
      await fx.run('iscsi.unexport', { driveId: drive.id, previous: exportSpecOf(row, drive, storage) });
    },
    apply(db, p, { actor }) {
      const { drive } = check(db, p, actor);
      deleteExport(db, drive.id);
      return { driveId: drive.id };
    },
  });
}
