import os from 'node:os';

/** Live figures of the machine this process runs on (the manual's server "Statistics"). */
export interface SystemStats {
  hostname: string;
  platform: string;
  release: string;
  uptimeSeconds: number;
  processUptimeSeconds: number;
  loadAverage: [number, number, number];
  cpuCount: number;
  memoryTotalBytes: number;
  memoryFreeBytes: number;
}

export function systemStats(): SystemStats {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return {
    hostname: os.hostname(),
    platform: os.platform(),
    release: os.release(),
    uptimeSeconds: Math.round(os.uptime()),
    processUptimeSeconds: Math.round(process.uptime()),
    loadAverage: [one, five, fifteen],
    cpuCount: os.availableParallelism(),
    memoryTotalBytes: os.totalmem(),
    memoryFreeBytes: os.freemem(),
  };
}
