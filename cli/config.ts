import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** What `infinity login` remembers between runs. */
export interface CliConfig {
  /** Base URL of the server last logged in to, e.g. https://infinity.example:8443 */
  server?: string;
  token?: string;
  /** SHA-256 fingerprints of trusted server certificates, by server origin. */
  pins: Record<string, string>;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.INFINITY_CONFIG || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'infinity', 'cli.json');
}

export function loadConfig(path = configPath()): CliConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pins: {} };
    throw error;
  }
  let parsed: Partial<CliConfig>;
  try {
    parsed = JSON.parse(text) as Partial<CliConfig>;
  } catch {
    throw new Error(`the CLI configuration ${path} is not valid JSON; fix or delete it and log in again`);
  }
  return {
    ...(typeof parsed.server === 'string' ? { server: parsed.server } : {}),
    ...(typeof parsed.token === 'string' ? { token: parsed.token } : {}),
    pins: parsed.pins && typeof parsed.pins === 'object' ? parsed.pins : {},
  };
}

/** Written whole and renamed into place, readable only by its owner: it holds a token. */
export function saveConfig(config: CliConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
