import { getLocalServer, insertServer, updateServerAddress } from '../store/servers.js';
import { defineCommand } from './command.js';

/** Records this machine as the local Infinity server (once), and keeps its address current. */
export const registerLocalServer = defineCommand({
  type: 'server.registerLocal',
  prepare: (input: { name: string; address: string }, ctx) => ({ ...input, id: ctx.newId() }),
  apply(db, p, { at }) {
    const existing = getLocalServer(db);
    if (existing) {
      if (existing.address !== p.address) updateServerAddress(db, existing.id, p.address);
      return { id: existing.id };
    }
    insertServer(db, { id: p.id, name: p.name, address: p.address, online: true, isLocal: true, createdAt: at });
    return { id: p.id };
  },
});
