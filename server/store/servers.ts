import type { Db } from './db.js';

export interface ServerRow {
  id: string;
  name: string;
  address: string;
  online: boolean;
  isLocal: boolean;
  createdAt: string;
}

interface Raw { id: string; name: string; address: string; online: number; is_local: number; created_at: string }

const toServer = (r: Raw): ServerRow => ({ id: r.id, name: r.name, address: r.address, online: r.online === 1, isLocal: r.is_local === 1, createdAt: r.created_at });

export function listServers(db: Db): ServerRow[] {
  return (db.prepare('SELECT * FROM servers ORDER BY name').all() as Raw[]).map(toServer);
}

export function getServer(db: Db, id: string): ServerRow | undefined {
  const r = (db.prepare('SELECT * FROM servers WHERE id = ? OR name = ?').get(id, id) as Raw | undefined);
  return r && toServer(r);
}

export function getLocalServer(db: Db): ServerRow | undefined {
  const r = db.prepare('SELECT * FROM servers WHERE is_local = 1').get() as Raw | undefined;
  return r && toServer(r);
}

export function insertServer(db: Db, s: ServerRow): void {
  db.prepare('INSERT INTO servers (id, name, address, online, is_local, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    s.id, s.name, s.address, s.online ? 1 : 0, s.isLocal ? 1 : 0, s.createdAt,
  );
}

export function updateServerAddress(db: Db, id: string, address: string): void {
  db.prepare('UPDATE servers SET address = ? WHERE id = ?').run(address, id);
}

export function setServerOnline(db: Db, id: string, online: boolean): void {
  db.prepare('UPDATE servers SET online = ? WHERE id = ?').run(online ? 1 : 0, id);
}
