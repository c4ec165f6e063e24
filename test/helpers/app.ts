import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../lib/catalog.js';
import type { SshSettings } from '../../lib/exec/ssh-links.js';
import { createLogger } from '../../lib/log.js';
import { buildApp } from '../../server/app.js';
import { assembleCore, type Core } from '../../server/assemble.js';
import type { CommandBus } from '../../server/commands/bus.js';
import type { IscsiConfig } from '../../server/iscsi/service.js';
import type { StorageService } from '../../server/storage/service.js';
import type { Db } from '../../server/store/db.js';
import { watchUndocumentedStatuses } from './documented.js';

export const ADMIN_PASSWORD = 'admin-password-1';
export const USER_PASSWORD = 'user-password-1';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  bus: CommandBus;
  storage: StorageService;
  /** What sits below HTTP (database, bus, storage, iSCSI), for restart tests. */
  core: Core;
  dir: string;
  /** Tokens: the built-in admin (password already changed) and one user of each role. */
  tokens: { admin: string; regular: string; restricted: string; admin2: string };
  users: { regular: string; restricted: string; admin2: string };
  /** `inject` as a user (a token, or null for anonymous). */
  as(token: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  login(user: string, password: string): Promise<string>;
  /** Creates a user (as admin) and returns its id. */
  createUser(name: string, role: Role, password?: string): Promise<string>;
  /** A snapshot of every table, to prove a refused request changed nothing. */
  dump(): Record<string, unknown[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  loginAttemptsPerMinute?: number;
  iscsi?: IscsiConfig;
  /** How the server logs in to storage boxes (ZFS pools over SSH). */
  ssh?: SshSettings;
  /** Log as the server does, into `<dir>/logs/server.log` (off by default). */
  log?: boolean;
}

/** A real server (real SQLite file in a temp directory) built without listening. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'infinity-test-'));
  const logFile = join(dir, 'logs', 'server.log');
  const logger = options.log ? createLogger({ file: logFile, stdout: false }) : undefined;
  const where = { dataDir: dir, serverName: 'test-server', address: '127.0.0.1' };
  const core = await assembleCore({
    ...where, iscsi: options.iscsi ?? null, ...(options.ssh ? { ssh: options.ssh } : {}), ...(logger ? { logger } : {}),
  });
  const { db, bus, storage } = core;
  const auth = { loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 1000 };
  const app = await buildApp({ db, commands: core.commands, logger: logger ?? false, logFile, auth });
  const undocumented = watchUndocumentedStatuses(app);

  const as = (token: string | null, opts: InjectOptions) =>
    app.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  const login = async (user: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { user, password } });
    if (res.statusCode !== 200) throw new Error(`login ${user} failed: ${res.body}`);
    return (res.json() as { token: string }).token;
  };

  const first = await login('admin', 'admin');
  const changed = await as(first, { method: 'POST', url: '/api/v1/me/password', payload: { old: 'admin', new: ADMIN_PASSWORD } });
  if (changed.statusCode !== 200) throw new Error(`password change failed: ${changed.body}`);
  const admin = first;

  const createUser = async (name: string, role: Role, password = USER_PASSWORD) => {
    const res = await as(admin, { method: 'POST', url: '/api/v1/users', payload: { name, password, role } });
    if (res.statusCode !== 201) throw new Error(`create user ${name} failed: ${res.body}`);
    return (res.json() as { id: string }).id;
  };

  const users = {
    regular: await createUser('rita', 'regular'),
    restricted: await createUser('rob', 'restricted'),
    admin2: await createUser('alice', 'admin'),
  };
  const tokens = {
    admin,
    regular: await login('rita', USER_PASSWORD),
    restricted: await login('rob', USER_PASSWORD),
    admin2: await login('alice', USER_PASSWORD),
  };

  const dump = () => {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  };

  return {
    app, db, bus, storage, core, dir, tokens, users, as, login, createUser, dump,
    async close() {
      await app.close();
      await core.close();
      rmSync(dir, { recursive: true, force: true });
      // Every status a route answers is in the OpenAPI document (issue 12).
      const unlisted = undocumented();
      if (unlisted.length > 0) throw new Error(`Statuses the OpenAPI document does not list:\n${unlisted.join('\n')}`);
    },
  };
}
