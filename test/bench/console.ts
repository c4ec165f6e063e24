import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { quantile } from './load.js';

/** Debian's chromium, the same browser the console's tests drive (never a downloaded one). */
export const CHROMIUM = '/usr/bin/chromium';

export interface ConsoleTiming {
  /** From navigation start to the Home tab on screen, ms. */
  homeMs: number;
  /**
   * From navigation start to the VMs tree holding every VM and showing its first
   * screenful. The tree is virtual: it puts only the nodes in view into the page, so
   * "holding every VM" is read from its scroll height (every VM's row counted in it).
   */
  filledMs: number;
  /** From End pressed in the focused tree to the last VM's node in the page, ms. */
  lastMs: number;
  /** From clicking the VM List tab to its first page of rows, ms. */
  listTabMs: number;
}

export interface ConsoleResult {
  samples: ConsoleTiming[];
  median: ConsoleTiming;
}

/**
 * The console in headless chromium against a running server holding `vms` VMs: each run
 * is a new browser context (empty cache, as on a first visit) already holding a session,
 * so the page goes straight to the Home tab, whose default VMs view lists every VM.
 * Times come from the page's own clock (performance.now(), zero at navigation start).
 */
export async function measureConsole(url: string, user: string, password: string, vms: number, runs: number): Promise<ConsoleResult> {
  const res = await fetch(`${url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  if (res.status !== 200) throw new Error(`console bench: login answered ${res.status}`);
  const session = await res.text();
  const { token } = JSON.parse(session) as { token: string };
  const listed = await fetch(`${url}/api/v1/vms?template=false`, { headers: { authorization: `Bearer ${token}` } });
  const lastVm = ((await listed.json()) as { name: string }[]).at(-1)?.name;
  if (!lastVm) throw new Error('console bench: the server lists no VM');
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  const samples: ConsoleTiming[] = [];
  try {
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript((s: string) => sessionStorage.setItem('infinity.session', s), session);
      const page = await context.newPage();
      page.setDefaultTimeout(120_000);
      await page.goto(`${url}/console/`);
      await page.getByRole('tab', { name: 'Home' }).waitFor();
      const homeMs = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        (n: number) => {
          const scroller = document.querySelector<HTMLElement>('[role="tree"][aria-label="VMs tree"] .ant-tree-list-holder');
          const rows = document.querySelectorAll<HTMLElement>('[role="treeitem"]');
          const last = rows[rows.length - 1];
          if (!scroller || !last) return false;
          // Every VM has its row in the scroll height; the rendered rows reach the bottom of the view.
          const full = rows.length >= n || last.getBoundingClientRect().bottom >= scroller.getBoundingClientRect().bottom - last.offsetHeight;
          return scroller.scrollHeight >= n * last.offsetHeight && full;
        },
        vms,
        { polling: 'raf' },
      );
      const filledMs = await page.evaluate(() => performance.now());
      const tree = page.getByRole('tree', { name: 'VMs tree' });
      await tree.focus();
      const pressed = await page.evaluate(() => performance.now());
      await page.keyboard.press('End');
      await page.getByRole('treeitem', { name: new RegExp(`${lastVm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
      const lastMs = (await page.evaluate(() => performance.now())) - pressed;
      const clicked = await page.evaluate(() => performance.now());
      await page.getByRole('tab', { name: 'VM List' }).click();
      await page.waitForFunction(() => document.querySelectorAll('table[aria-label="VM list"] tbody tr[data-row-key]').length > 0, undefined, { polling: 'raf' });
      const listTabMs = (await page.evaluate(() => performance.now())) - clicked;
      await context.close();
      // The first run only warms the server and the browser.
      if (run >= 0) samples.push({ homeMs, filledMs, lastMs, listTabMs });
    }
  } finally {
    await browser.close();
  }
  const median = (pick: (t: ConsoleTiming) => number) => quantile(samples.map(pick).sort((a, b) => a - b), 0.5);
  return { samples, median: { homeMs: median((t) => t.homeMs), filledMs: median((t) => t.filledMs), lastMs: median((t) => t.lastMs), listTabMs: median((t) => t.listTabMs) } };
}

export interface ShippedSize {
  files: number;
  bytes: number;
  gzipBytes: number;
}

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

/** The console's built files as the server sends them: text files over 1 KiB gzipped (level 6), as server/api/console.ts does. */
export function consoleSize(distDir: string): ShippedSize {
  const total: ShippedSize = { files: 0, bytes: 0, gzipBytes: 0 };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) {
        walk(file);
        continue;
      }
      const body = readFileSync(file);
      total.files += 1;
      total.bytes += body.length;
      total.gzipBytes += COMPRESSIBLE.has(extname(file)) && body.length > 1024 ? gzipSync(body).length : body.length;
    }
  };
  walk(distDir);
  return total;
}
