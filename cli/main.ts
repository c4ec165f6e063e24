#!/usr/bin/env node
// The `infinity` entry: it checks the Node it runs on before anything else is loaded, so an
// older Node gets a sentence instead of a stack trace from deep in a dependency. Keep this file
// to syntax and APIs that Node 18 has; the program itself is loaded only after the check.
import { fileURLToPath } from 'node:url';
import { NODE_NEEDED, olderThan } from './node-version.js';

if (olderThan(process.versions.node, NODE_NEEDED)) {
  const wrapper = fileURLToPath(new URL('../../bin/infinity', import.meta.url));
  process.stderr.write(
    `infinity: needs Node ${NODE_NEEDED} or newer, and ${process.execPath} is Node ${process.versions.node}.\n` +
      `Run ${wrapper} (it uses the Node that \`make deps\` installs) or dist/infinity (\`make exe\`).\n`,
  );
  process.exit(1);
}
await import('./program.js');
