import type { ExportSpec } from '../iscsi/exporter.js';
import type { StorageService } from '../storage/service.js';

/** What the exporter serves for a drive's recorded export: its device, ACL, CHAP and write settings. */
export function exportSpecOf(
  row: { driveId: string; initiatorIqn: string; chapUser: string | null; chapSecret: string | null },
  drive: { id: string; poolId: string; readOnly: boolean; ioSync: string },
  storage: StorageService,
): ExportSpec {
  return {
    driveId: drive.id,
    devicePath: storage.pool(drive.poolId).devicePath(drive.id),
    initiatorIqn: row.initiatorIqn,
    chap: row.chapUser && row.chapSecret ? { user: row.chapUser, secret: row.chapSecret } : null,
    readOnly: drive.readOnly,
    syncWrites: drive.ioSync === 'always',
  };
}
