// `make bench`: listing 1,000 VMs under load, the Admin Console with those 1,000 VMs in
// headless chromium and its shipped size, and the executable's start-up time against
// plain `node`. Everything runs on loopback; every loop is bounded in requests and time.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXECUTABLE, NODE_ENTRY, REPO_ROOT, freePort, spawnServer, waitForHealth } from '../helpers/server-process.js';
import { CHROMIUM, consoleSize, measureConsole, type ConsoleResult } from './console.js';
import { runLoad, type LoadResult } from './load.js';
import { measureStartup } from './startup.js';

const settings = {
  adminVms: 950,
  userVms: 50,
  connections: numberFromEnv('BENCH_CONNECTIONS', 8),
  maxRequests: numberFromEnv('BENCH_MAX_REQUESTS', 5_000),
  maxSeconds: numberFromEnv('BENCH_SECONDS', 10),
  warmupRequests: 50,
  startupRuns: numberFromEnv('BENCH_STARTUP_RUNS', 7),
  consoleRuns: numberFromEnv('BENCH_CONSOLE_RUNS', 5),
};

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return value;
}

async function api(url: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

async function login(url: string, user: string, password: string): Promise<string> {
  return ((await api(url, 'POST', '/api/v1/login', null, { user, password })) as { token: string }).token;
}

/** VMs are created in batches: the API makes up to 100 copies per request. */
async function createVms(url: string, token: string, prefix: string, count: number): Promise<void> {
  for (let batch = 0, left = count; left > 0; batch++) {
    const copies = Math.min(100, left);
    const created = (await api(url, 'POST', '/api/v1/vms', token, { name: `${prefix}-${batch}`, copies })) as unknown[];
    if (created.length !== copies) throw new Error(`asked for ${copies} VMs, got ${created.length}`);
    left -= copies;
  }
}

async function listLength(url: string, token: string): Promise<number> {
  return ((await api(url, 'GET', '/api/v1/vms', token)) as unknown[]).length;
}

async function benchListing(workDir: string): Promise<{ admin: LoadResult; regular: LoadResult; console: ConsoleResult }> {
  const server = spawnServer({ command: [EXECUTABLE], dataDir: join(workDir, 'listing'), port: await freePort() });
  try {
    await waitForHealth(server, performance.now());
    const first = await login(server.url, 'admin', 'admin');
    const adminPassword = 'bench-admin-password';
    await api(server.url, 'POST', '/api/v1/me/password', first, { old: 'admin', new: adminPassword });
    const admin = await login(server.url, 'admin', adminPassword);
    await api(server.url, 'POST', '/api/v1/users', admin, { name: 'bench-user', password: 'bench-user-password', role: 'regular' });
    const regular = await login(server.url, 'bench-user', 'bench-user-password');

    await createVms(server.url, regular, 'user-vm', settings.userVms);
    await createVms(server.url, admin, 'admin-vm', settings.adminVms);
    const seen = { admin: await listLength(server.url, admin), regular: await listLength(server.url, regular) };
    const total = settings.adminVms + settings.userVms;
    if (seen.admin !== total || seen.regular !== settings.userVms) {
      throw new Error(`expected the admin to list ${total} VMs and the user ${settings.userVms}, got ${JSON.stringify(seen)}`);
    }

    const load = (token: string) => runLoad({ url: server.url, path: '/api/v1/vms', token, ...settings });
    const results = { admin: await load(admin), regular: await load(regular) };
    process.stderr.write(`console: ${settings.consoleRuns} page loads in headless chromium with ${total} VMs\n`);
    return { ...results, console: await measureConsole(server.url, 'admin', adminPassword, total, settings.consoleRuns) };
  } finally {
    const exit = await server.stop();
    if (exit.code !== 0) process.stderr.write(`listing server exited with ${JSON.stringify(exit)}:\n${server.output()}\n`);
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  for (const [file, how] of [[EXECUTABLE, 'make exe'], [NODE_ENTRY, 'make build'], [CHROMIUM, 'apt-get install chromium (make bench installs it)']] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`${how}\` (make bench does both)`);
  }
  const workDir = mkdtempSync(join(tmpdir(), 'infinity-bench-'));
  // Both parts share the CPUs with whatever else runs; the load average tells how quiet it was.
  const loadBefore = loadavg()[0]!;
  try {
    process.stderr.write(`listing: creating ${settings.adminVms + settings.userVms} VMs, then up to ${settings.maxRequests} requests or ${settings.maxSeconds} s per caller, ${settings.connections} connections\n`);
    const listing = await benchListing(workDir);

    process.stderr.write(`start-up: ${settings.startupRuns} runs each of dist/infinity and node build/cli/main.js\n`);
    const startup = await measureStartup({ executable: [EXECUTABLE], node: [process.execPath, NODE_ENTRY] }, settings.startupRuns, workDir);
    const ratio = startup.executable!.medianMs / startup.node!.medianMs;

    const listingRow = (who: string, vms: number, r: LoadResult) => [
      who, String(vms), fixed(r.requestsPerSecond), fixed(r.p50Ms), fixed(r.p99Ms), String(r.requests), String(r.errors), fixed(r.responseBytes / 1024, 0),
    ];
    process.stdout.write(`\nGET /api/v1/vms on dist/infinity (loopback, ${settings.connections} connections, log level warn)\n`);
    process.stdout.write(table(
      ['caller', 'VMs listed', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'KiB/answer'],
      [listingRow('administrator', settings.adminVms + settings.userVms, listing.admin), listingRow('regular user (owns 50)', settings.userVms, listing.regular)],
    ) + '\n');

    const shipped = consoleSize(join(REPO_ROOT, 'server', 'console', 'dist'));
    const c = listing.console;
    const spread = (pick: (t: ConsoleResult['median']) => number) => [fixed(pick(c.median), 0), fixed(Math.min(...c.samples.map(pick)), 0), fixed(Math.max(...c.samples.map(pick)), 0)];
    process.stdout.write(`\nAdmin Console in headless chromium, ${settings.adminVms + settings.userVms} VMs, new browser context each run (median of ${settings.consoleRuns})\n`);
    process.stdout.write(table(
      ['measure', 'median ms', 'min ms', 'max ms'],
      [
        ['navigation to Home tab rendered', ...spread((t) => t.homeMs)],
        [`navigation to VMs tree loaded (${settings.adminVms + settings.userVms}), first screenful shown`, ...spread((t) => t.filledMs)],
        ['End in the tree to the last VM shown', ...spread((t) => t.lastMs)],
        ['VM List tab click to first rows', ...spread((t) => t.listTabMs)],
      ],
    ) + '\n');
    process.stdout.write(`console as shipped: ${shipped.files} files, ${fixed(shipped.bytes / 1024, 0)} KiB, ${fixed(shipped.gzipBytes / 1024, 0)} KiB gzip\n`);

    process.stdout.write(`\nStart to first answered request (median of ${settings.startupRuns}, new data directory each run)\n`);
    const startupRow = (what: string, r: { medianMs: number; samplesMs: number[] }) => [
      what, fixed(r.medianMs), fixed(Math.min(...r.samplesMs)), fixed(Math.max(...r.samplesMs)),
    ];
    process.stdout.write(table(
      ['command', 'median ms', 'min ms', 'max ms'],
      [startupRow('dist/infinity server', startup.executable!), startupRow('node build/cli/main.js server', startup.node!)],
    ) + '\n');
    process.stdout.write(`executable / node: ${fixed(ratio, 2)}x\n`);
    const loadAfter = loadavg()[0]!;
    process.stdout.write(`\n${process.version}, ${availableParallelism()} CPUs, 1-minute load average ${fixed(loadBefore, 2)} before and ${fixed(loadAfter, 2)} after\n`);

    const resultsDir = join(REPO_ROOT, 'bench-results');
    mkdirSync(resultsDir, { recursive: true });
    const results = { at: new Date().toISOString(), node: process.version, cpus: availableParallelism(), loadAverage: { before: loadBefore, after: loadAfter }, settings, listing, startup, ratio, consoleSize: shipped };
    writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`\n(raw numbers in bench-results/latest.json)\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
