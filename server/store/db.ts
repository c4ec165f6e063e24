import Database from 'better-sqlite3';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Override the migration list (tests build an "older" database with a prefix of it). */
  migrations?: readonly Migration[];
}

/** The data directory and the database are the server's alone: they hold password hashes and CHAP secrets. */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Makes the database's directory 0700 and the file 0600 before SQLite opens it: SQLite
 * gives the WAL and shared-memory files it creates the database file's mode. Files an
 * older build left readable to others are closed up too.
 */
function closeUp(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dirname(file), PRIVATE_DIR);
  closeSync(openSync(file, 'a', PRIVATE_FILE));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, PRIVATE_FILE);
}

/**
 * Opens (or creates) the server's SQLite database with WAL and foreign keys, and brings
 * its schema forward. Before migrating an existing database, a copy is kept beside it
 * (`<file>.v<old>.bak`), which is how a downgrade is done: migrations only move forward.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const list = options.migrations ?? allMigrations;
  const existed = file !== ':memory:' && existsSync(file);
  if (file !== ':memory:') closeUp(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  const current = schemaVersion(db);
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest) {
    db.close();
    throw new Error(
      `The database ${file} has schema version ${current}, newer than this Infinity build knows (${latest}). ` +
        'Run a newer Infinity, or restore the .bak copy saved before the upgrade.',
    );
  }
  if (current < latest && existed && current > 0) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(file, `${file}.v${current}.bak`);
    chmodSync(`${file}.v${current}.bak`, PRIVATE_FILE);
  }
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
