import type { ObjectKind, ObjectRef } from '../../lib/protocol/events.js';
import type { Db } from './db.js';
import type { GrantType } from './grants.js';

export type { ObjectKind, ObjectRef };

export interface Changes {
  /** Every object a row the command wrote belongs to (a drive's VM and pool too). */
  touched: ObjectRef[];
  /** Users who could see an object just before a write took that away (a grant or a drive's VM gone). */
  seenBy: (ObjectRef & { userId: string })[];
}

/** The event kind of a grant's object type, in SQL (`X` is NEW or OLD). */
const GRANT_KIND = "CASE X.object_type WHEN 'host_group' THEN 'hostGroup' WHEN 'vm_group' THEN 'vmGroup' " +
  'ELSE X.object_type END';

// Plain inserts, repeats kept (take() reads them distinct): an upsert outside (ON CONFLICT
// DO UPDATE) overrides a trigger's OR IGNORE, so a unique note failed the command itself.
const TOUCH = 'INSERT INTO temp.change_touched (kind, id)';
const SEEN = 'INSERT INTO temp.change_seen_by (kind, id, user_id)';

/** Who may see a grant-scoped object through a grant on it: users holding that grant, in SQL. */
const holders = (type: GrantType, id: string) =>
  `SELECT user_id FROM main.grants WHERE object_type = '${type}' AND object_id = ${id}`;

interface Watch {
  table: string;
  /** SQL statements run for each written row, with `X` standing for the row (NEW, or OLD). */
  touches: string[];
  /** Statements run for the row before an update or delete: who could see it then. */
  seenBefore?: string[];
}

const WATCHES: Watch[] = [
  {
    table: 'vms',
    // Drives and VM Groups show their VM's name, so they change with it.
    touches: [
      `${TOUCH} VALUES ('vm', X.id)`,
      `${TOUCH} SELECT 'hostGroup', X.host_group_id WHERE X.host_group_id IS NOT NULL`,
      `${TOUCH} SELECT 'drive', id FROM main.drives WHERE vm_id = X.id`,
      `${TOUCH} SELECT 'vmGroup', vm_group_id FROM main.vm_group_members WHERE vm_id = X.id`,
    ],
    seenBefore: [`${SEEN} SELECT 'vm', X.id, user_id FROM (${holders('vm', 'X.id')})`],
  },
  { table: 'vm_nics', touches: [`${TOUCH} VALUES ('vm', X.vm_id)`] },
  { table: 'teleport_requests', touches: [`${TOUCH} VALUES ('vm', X.vm_id)`] },
  {
    table: 'drives',
    touches: [
      `${TOUCH} VALUES ('drive', X.id)`,
      `${TOUCH} VALUES ('pool', X.pool_id)`,
      `${TOUCH} SELECT 'vm', X.vm_id WHERE X.vm_id IS NOT NULL`,
    ],
    // A drive is seen through a grant on it or on its VM; moving it to another VM (or none) takes the second away.
    seenBefore: [
      `${SEEN} SELECT 'drive', X.id, user_id FROM (${holders('drive', 'X.id')} UNION ${holders('vm', 'X.vm_id')})`,
    ],
  },
  {
    table: 'snapshots',
    touches: [`${TOUCH} VALUES ('drive', X.drive_id)`, `${TOUCH} SELECT 'vm', X.vm_id WHERE X.vm_id IS NOT NULL`],
  },
  { table: 'drive_exports', touches: [`${TOUCH} VALUES ('drive', X.drive_id)`] },
  {
    table: 'host_groups',
    touches: [`${TOUCH} VALUES ('hostGroup', X.id)`],
    seenBefore: [`${SEEN} SELECT 'hostGroup', X.id, user_id FROM (${holders('host_group', 'X.id')})`],
  },
  {
    table: 'hosts',
    touches: [`${TOUCH} VALUES ('host', X.id)`, `${TOUCH} VALUES ('hostGroup', X.host_group_id)`],
    seenBefore: [`${SEEN} SELECT 'host', X.id, user_id FROM (${holders('host_group', 'X.host_group_id')})`],
  },
  {
    table: 'vm_groups',
    touches: [`${TOUCH} VALUES ('vmGroup', X.id)`],
    seenBefore: [`${SEEN} SELECT 'vmGroup', X.id, user_id FROM (${holders('vm_group', 'X.id')})`],
  },
  { table: 'vm_group_members', touches: [`${TOUCH} VALUES ('vmGroup', X.vm_group_id)`] },
  { table: 'users', touches: [`${TOUCH} VALUES ('user', X.id)`] },
  {
    table: 'grants',
    // A grant on a VM shows its drives, one on a Host Group its Hosts: those change for the user too.
    touches: [
      `${TOUCH} VALUES ('grants', X.user_id)`,
      `${TOUCH} VALUES (${GRANT_KIND}, X.object_id)`,
      `${TOUCH} SELECT 'drive', id FROM main.drives WHERE X.object_type = 'vm' AND vm_id = X.object_id`,
      `${TOUCH} SELECT 'host', id FROM main.hosts WHERE X.object_type = 'host_group' AND host_group_id = X.object_id`,
    ],
    seenBefore: [
      `${SEEN} VALUES (${GRANT_KIND}, X.object_id, X.user_id)`,
      `${SEEN} SELECT 'drive', id, X.user_id FROM main.drives WHERE X.object_type = 'vm' AND vm_id = X.object_id`,
      `${SEEN} SELECT 'host', id, X.user_id FROM main.hosts ` +
        "WHERE X.object_type = 'host_group' AND host_group_id = X.object_id",
    ],
  },
  { table: 'storage_pools', touches: [`${TOUCH} VALUES ('pool', X.id)`] },
  { table: 'servers', touches: [`${TOUCH} VALUES ('server', X.id)`] },
  { table: 'settings', touches: [`${TOUCH} VALUES ('settings', X.key)`] },
];

const row = (statements: string[], name: 'NEW' | 'OLD') =>
  statements.map((s) => `${s.replaceAll('X.', `${name}.`)};`).join('\n  ');

/** After the write, so a failed statement notes nothing; OLD still holds what the row was. */
function triggers({ table, touches, seenBefore = [] }: Watch): string {
  const trigger = (event: string, body: string) => [
    `CREATE TEMP TRIGGER IF NOT EXISTS change_${table}_${event.toLowerCase()} AFTER ${event} ON main.${table} BEGIN`,
    `  ${body}`,
    'END;',
  ].join('\n');
  return [
    trigger('INSERT', row(touches, 'NEW')),
    trigger('UPDATE', `${row([...touches, ...seenBefore], 'OLD')}\n  ${row(touches, 'NEW')}`),
    trigger('DELETE', row([...touches, ...seenBefore], 'OLD')),
  ].join('\n');
}

/**
 * What each command changed, as SQLite itself tells it. Temporary triggers (they live on
 * this connection only: nothing enters the schema or a migration) note every object a
 * configuration row belongs to as it is written, and, before an update or a delete, who
 * could see that object through the grants of that moment: after a commit the deleted VM
 * and its grants are gone, and a command's payload does not say which drives went with
 * it. Appending the command to `command_log`, the last write of its transaction, stamps
 * the notes with its seq, so commands that commit while another awaits its effects keep
 * their changes apart. The notes roll back with a transaction that fails. Writes outside
 * commands (there are none to these tables today) would be told with the next command.
 */
export class ChangeRecorder {
  constructor(private readonly db: Db) {
    db.exec(`
CREATE TEMP TABLE IF NOT EXISTS change_touched (
  kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0
);
CREATE TEMP TABLE IF NOT EXISTS change_seen_by (
  kind TEXT NOT NULL, id TEXT NOT NULL, user_id TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0
);
${WATCHES.map(triggers).join('\n')}
CREATE TEMP TRIGGER IF NOT EXISTS change_command_log AFTER INSERT ON main.command_log BEGIN
  UPDATE temp.change_touched SET seq = NEW.seq WHERE seq = 0;
  UPDATE temp.change_seen_by SET seq = NEW.seq WHERE seq = 0;
END;
DELETE FROM temp.change_touched;
DELETE FROM temp.change_seen_by;`);
  }

  /** What the command of this seq changed (told once: the notes are forgotten). */
  take(seq: number): Changes {
    const touched = this.db.prepare('SELECT kind, id FROM temp.change_touched WHERE seq = ? GROUP BY kind, id ORDER BY min(rowid)').all(seq) as
      ObjectRef[];
    const seen = this.db.prepare('SELECT DISTINCT kind, id, user_id FROM temp.change_seen_by WHERE seq = ?').all(seq) as
      (ObjectRef & { user_id: string })[];
    const seenBy = seen.map((r) => ({ kind: r.kind, id: r.id, userId: r.user_id }));
    this.db.prepare('DELETE FROM temp.change_touched WHERE seq = ?').run(seq);
    this.db.prepare('DELETE FROM temp.change_seen_by WHERE seq = ?').run(seq);
    return { touched, seenBy };
  }
}
