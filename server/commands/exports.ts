import { randomBytes } from 'node:crypto';
import { fail } from '../../lib/errors.js';
import { requireAdmin, type Actor } from '../access/policy.js';
import type { IscsiService } from '../iscsi/service.js';
import { exportSpecOf } from './export-spec.js';
import { driveLocks } from './locks.js';
import { chapUser as defaultChapUser, isInitiatorIqn, targetIqn } from '../iscsi/naming.js';
import type { Db } from '../store/db.js';
import { deleteExport, getExport, upsertExport } from '../store/exports.js';
import { defineCommand, type CommandDeps } from './command.js';
import { resolveDrive } from '../access/visibility.js';
import { carrySecret, keepSecret, readSecret, type SecretRef } from '../store/secrets.js';

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

/** What `drive.export` logs: the input less its CHAP secret, which `secret` carries by reference. */
type ExportPayload = Omit<ExportInput, 'chapSecret'> & { secret: SecretRef | null };

function checkInput(db: Db, iscsi: IscsiService, p: ExportPayload, actor: Actor) {
  requireAdmin(actor, 'export drives by hand (booting a VM exports its drives by itself)');
  const drive = resolveDrive(db, actor, p.drive, 'drive');
  iscsi.exporterFor(drive.poolId);
  if (!isInitiatorIqn(p.initiator)) throw fail.validation('initiator', `"${p.initiator}" is not an iSCSI initiator name (iqn.YYYY-MM.reversed.domain:name).`);
  if (p.noChap && (p.chapUser !== undefined || p.secret !== null)) {
    throw fail.validation('noChap', 'Give either CHAP credentials or noChap, not both.');
  }
  const secret = p.secret && readSecret(db, p.secret);
  if (secret !== null && (secret.length < 12 || secret.length > 16 * 4)) {
    throw fail.validation('chapSecret', 'A CHAP secret must be 12 to 64 characters (many initiators refuse shorter ones).');
  }
  return drive;
}

export function exportDrive({ iscsi, storage }: CommandDeps) {
  return defineCommand({
    type: 'drive.export',
    sensitive: true,
    prepare: ({ chapSecret, ...input }: ExportInput, ctx): ExportPayload => {
      const secret = chapSecret ?? (input.noChap ? null : newChapSecret());
      return { ...input, secret: secret === null ? null : carrySecret(ctx.newId(), secret) };
    },
    locks: (db, p, actor) => driveLocks([checkInput(db, iscsi, p, actor)]),
    async effects(db, p, fx, { actor }) {
      const drive = checkInput(db, iscsi, p, actor);
      const chapSecret = p.secret && readSecret(db, p.secret);
      const chapUser = chapSecret ? (p.chapUser ?? defaultChapUser(drive.id)) : null;
      const row = { driveId: drive.id, initiatorIqn: p.initiator, chapUser, chapSecret };
      const recorded = getExport(db, drive.id);
      const previous = recorded ? exportSpecOf(recorded, drive, storage) : null;
      await fx.run('iscsi.export', { poolId: drive.poolId, spec: exportSpecOf(row, drive, storage), previous });
    },
    apply(db, p, { actor, at }) {
      const drive = checkInput(db, iscsi, p, actor);
      const chapUser = p.secret ? (p.chapUser ?? defaultChapUser(drive.id)) : null;
      const chapSecret = p.secret && keepSecret(db, p.secret);
      const row = { driveId: drive.id, initiatorIqn: p.initiator, chapUser, chapSecret };
      upsertExport(db, { ...row, exportedAt: at, exportedBy: actor.id });
      const portal = iscsi.exporterFor(drive.poolId).portal;
      // The answer names the secret by reference too (the log keeps results): the route shows it.
      return { driveId: drive.id, targetIqn: targetIqn(drive.id), portal: `${portal.host}:${portal.port}`, initiator: p.initiator, chapUser, chapSecret: p.secret };
    },
  });
}

export function unexportDrive({ iscsi, storage }: CommandDeps) {
  const check = (db: Db, p: { drive: string }, actor: Actor) => {
    requireAdmin(actor, 'unexport drives by hand');
    const drive = resolveDrive(db, actor, p.drive, 'drive');
    iscsi.exporterFor(drive.poolId);
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
      const previous = exportSpecOf(row, drive, storage);
      await fx.run('iscsi.unexport', { poolId: drive.poolId, driveId: drive.id, previous });
    },
    apply(db, p, { actor }) {
      const { drive } = check(db, p, actor);
      deleteExport(db, drive.id);
      return { driveId: drive.id };
    },
  });
}
