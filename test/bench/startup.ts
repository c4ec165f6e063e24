import { join } from 'node:path';
import { freePort, spawnServer, waitForHealth } from '../helpers/server-process.js';
import { quantile } from './load.js';

export interface StartupResult {
  samplesMs: number[];
  medianMs: number;
}

/**
 * Milliseconds from spawning each command to its first answered /api/v1/health, on a new
 * data directory every time (so both pay for creating and migrating the database).
 * The runs alternate between the commands so that load from anything else on the machine
 * falls on both alike; one discarded run each first fills the page cache and lets the
 * executable extract its native addon.
 */
export async function measureStartup(commands: Record<string, string[]>, runs: number, workDir: string): Promise<Record<string, StartupResult>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  let n = 0;
  for (let run = -1; run < runs; run++) {
    for (const [name, command] of Object.entries(commands)) {
      const port = await freePort();
      const t0 = performance.now();
      const server = spawnServer({ command, dataDir: join(workDir, `startup-${n++}`), port });
      try {
        const ms = await waitForHealth(server, t0, 30_000, 2);
        if (run >= 0) samples[name]!.push(ms);
      } finally {
        const exit = await server.stop();
        if (exit.code !== 0) throw new Error(`${name} did not exit cleanly on SIGTERM (${JSON.stringify(exit)}):\n${server.output()}`);
      }
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      return [name, { samplesMs: list, medianMs: quantile(sorted, 0.5) }];
    }),
  );
}
