import { Pool } from 'undici';

export interface LoadOptions {
  url: string;
  path: string;
  token: string;
  /** Requests in flight at once, each on its own keep-alive connection. */
  connections: number;
  /** Whichever bound comes first ends the run. */
  maxRequests: number;
  maxSeconds: number;
  /** Requests sent and discarded first, so JIT warm-up is not measured. */
  warmupRequests: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  responseBytes: number;
}

/** The smallest latency that at least `q` of the samples do not exceed (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** A closed-loop load: each connection sends its next request when the previous answer is read. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.url, { connections: options.connections, pipelining: 1 });
  const headers = { authorization: `Bearer ${options.token}` };
  let responseBytes = 0;
  const once = async (): Promise<boolean> => {
    const res = await pool.request({ method: 'GET', path: options.path, headers });
    const body = await res.body.arrayBuffer();
    responseBytes = body.byteLength;
    return res.statusCode === 200;
  };

  try {
    for (let i = 0; i < options.warmupRequests; i++) {
      if (!(await once())) throw new Error(`GET ${options.path} did not answer 200 during warm-up`);
    }

    const latencies: number[] = [];
    let started = 0;
    let errors = 0;
    const begin = performance.now();
    const deadline = begin + options.maxSeconds * 1000;
    const worker = async () => {
      while (started < options.maxRequests && performance.now() < deadline) {
        started++;
        const t0 = performance.now();
        try {
          if (!(await once())) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, worker));
    const seconds = (performance.now() - begin) / 1000;

    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      errors,
      seconds,
      requestsPerSecond: latencies.length / seconds,
      p50Ms: quantile(latencies, 0.5),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? Number.NaN,
      responseBytes,
    };
  } finally {
    await pool.close();
  }
}
