import { type Static, Type } from 'typebox';
import { oneOf } from './one-of.js';

/** The objects the API shows, as events name them; `grants` is one user's grants (its id is the user's). */
export const OBJECT_KINDS = [
  'vm', 'drive', 'hostGroup', 'host', 'vmGroup', 'user', 'grants', 'pool', 'server', 'settings',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export const ObjectRef = Type.Object({ kind: oneOf(OBJECT_KINDS), id: Type.String() });
export type ObjectRef = Static<typeof ObjectRef>;

/**
 * `event: objects` of GET /api/v1/events: what one command (source config, with its seq) or
 * one observation (source status, no seq) changed, naming only objects the caller may see.
 */
export const ObjectsEvent = Type.Object({
  source: oneOf(['config', 'status'] as const),
  seq: Type.Union([Type.Integer(), Type.Null()]),
  type: Type.String({ description: 'The command type (vm.update) or the observation' }),
  objects: Type.Array(ObjectRef),
});
export type ObjectsEvent = Static<typeof ObjectsEvent>;

/** `event: change`: closes a configuration event; its id, the command's seq, is where a stream resumes. */
export const ChangeEvent = Type.Object({ seq: Type.Integer(), type: Type.String() });
export type ChangeEvent = Static<typeof ChangeEvent>;
