// `make bench`, storage table: see storage.ts for what is measured and how.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/server-process.js';
import { benchLocks, locksTable } from './locks.js';
import { benchStorage, storageTable } from './storage.js';

const result = await benchStorage();
process.stdout.write(`\n${storageTable(result)}\n`);
const locks = await benchLocks();
process.stdout.write(`\n${locksTable(locks)}\n`);
mkdirSync(join(REPO_ROOT, 'bench-results'), { recursive: true });
writeFileSync(join(REPO_ROOT, 'bench-results', 'storage.json'), JSON.stringify({ ...result, locks }, null, 2));
