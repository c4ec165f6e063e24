import type { Role } from '../../lib/catalog.js';
import { fail, InfinityError } from '../../lib/errors.js';
import type { Db } from '../store/db.js';
import { grantHolders, hasGrant, type GrantType } from '../store/grants.js';

/**
 * The manual's account rules ("User Accounts"), in one place:
 * - administrators see and do everything, and their delete deletes;
 * - regular users create things, see what they created or were granted, and their
 *   delete only unassigns while someone else still has access;
 * - restricted users only use what is assigned to them: they create, change and
 *   delete nothing.
 * Ownership is a grant: whoever creates an object is granted it.
 */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export const isAdmin = (actor: Actor): boolean => actor.role === 'admin';

export function requireAdmin(actor: Actor, what: string): void {
  if (!isAdmin(actor)) throw fail.forbidden(`Only administrators can ${what}.`);
}

export function requireCreator(actor: Actor, what: string): void {
  if (actor.role === 'restricted') {
    throw fail.forbidden(`Restricted users cannot ${what}; ask an administrator to change your role to regular.`);
  }
}

/** `undefined` for administrators (no filter), else the user whose grants filter lists. */
export function visibilityOf(actor: Actor): string | undefined {
  return isAdmin(actor) ? undefined : actor.id;
}

export function canSee(db: Db, actor: Actor, type: GrantType, id: string): boolean {
  return isAdmin(actor) || hasGrant(db, actor.id, type, id);
}

/**
 * Throws 404 when the actor cannot see the object at all (so ids of other users' objects
 * are not confirmed), and 403 when they can see it but not change it.
 */
export function requireChange(db: Db, actor: Actor, type: GrantType, id: string, kind: string, what: string): void {
  if (!canSee(db, actor, type, id)) throw fail.notFound(kind, id);
  if (actor.role === 'restricted') {
    throw fail.forbidden(`Restricted users can use this ${kind} but not ${what}; ask its owner or an administrator.`);
  }
}

export type DeleteOutcome = 'delete' | 'unassign';

/** What a delete by this actor means: remove the object, or only the actor's grant. */
export function deleteOutcome(db: Db, actor: Actor, type: GrantType, id: string, kind: string): DeleteOutcome {
  if (isAdmin(actor)) return 'delete';
  if (!hasGrant(db, actor.id, type, id)) throw fail.notFound(kind, id);
  if (actor.role === 'restricted') {
    throw new InfinityError('INF_ERR_FORBIDDEN', `Restricted users cannot delete a ${kind}; ask its owner or an administrator.`);
  }
  const others = grantHolders(db, type, id).filter((userId) => userId !== actor.id);
  return others.length > 0 ? 'unassign' : 'delete';
}

/**
 * Taking another user's access away is for administrators and the object's creator: a
 * user who was only granted an object may not lock its creator, or anyone else, out of it.
 * `what` names the object as people know it ('VM "Lab"'), `creator` is its creator.
 */
export function requireRevoke(actor: Actor, creator: { id: string | null; name: string | null }, what: string): void {
  if (isAdmin(actor) || (creator.id !== null && creator.id === actor.id)) return;
  const who = creator.name ? `${creator.name}, who created ${what},` : `the user who created ${what}`;
  throw fail.forbidden(`Only administrators and ${who} can take other users' access to it away.`);
}
