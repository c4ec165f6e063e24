import { sql as initial } from './001-initial.js';
import { sql as operationJournal } from './002-operation-journal.js';
import { sql as driveLineage } from './003-drive-lineage.js';
import { sql as driveExports } from './004-drive-exports.js';
import { sql as commandSecrets } from './005-command-secrets.js';

/**
 * Forward-only migrations, applied in order; `version` is what PRAGMA user_version holds
 * after the migration. A new migration is a new file and a new line here, never an edit
 * to an old one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'operation-journal', sql: operationJournal },
  { version: 3, name: 'drive-lineage', sql: driveLineage },
  { version: 4, name: 'drive-exports', sql: driveExports },
  { version: 5, name: 'command-secrets', sql: commandSecrets },
];
