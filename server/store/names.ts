import { describeCharacter } from '../../lib/characters.js';
import type { Db } from './db.js';
import type { GrantType } from './grants.js';

const TABLE: Record<GrantType, string> = { vm: 'vms', drive: 'drives', host_group: 'host_groups', vm_group: 'vm_groups' };

/** The display name of a granted object (grants are polymorphic, so no join does this). */
export function objectName(db: Db, type: GrantType, id: string): string {
  const row = db.prepare(`SELECT name FROM ${TABLE[type]} WHERE id = ?`).get(id) as { name: string } | undefined;
  return row?.name ?? id;
}

/** What messages and the sharing rules need of a granted object: its name, creator and kind. */
export interface ObjectFacts {
  name: string;
  createdBy: string | null;
  /** The creator's user name (null once that user is deleted). */
  creatorName: string | null;
  template: boolean;
}

export function objectFacts(db: Db, type: GrantType, id: string): ObjectFacts | undefined {
  const template = type === 'vm' ? 'o.is_template' : '0';
  const row = db
    .prepare(`SELECT o.name, o.created_by, u.name AS creator, ${template} AS template
      FROM ${TABLE[type]} o LEFT JOIN users u ON u.id = o.created_by WHERE o.id = ?`)
    .get(id) as { name: string; created_by: string | null; creator: string | null; template: number } | undefined;
  return row && { name: row.name, createdBy: row.created_by, creatorName: row.creator, template: row.template === 1 };
}

/**
 * Names are kept in Unicode NFC: "é" typed as one character or as "e" and a combining
 * accent is one name, stored once, found by either spelling.
 */
export function normalName(name: string): string {
  return name.normalize('NFC');
}

/**
 * Characters a name may not hold: controls, format characters (zero-width, bidirectional
 * overrides, tags: category Cf), lone surrogates, code points Unicode does not assign,
 * line and paragraph separators, every space but the plain one, and the rest of Unicode's
 * default-ignorable characters (fillers that draw nothing), apart from variation selectors,
 * which choose how the character before them is drawn (the emoji form of "❤").
 */
const REFUSED = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Default_Ignorable_Code_Point}]/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;

/**
 * Why a name cannot be used, naming the first character that may not be in it, or null
 * when every character is visible (or a plain space, or a variation selector after a
 * character it applies to).
 */
export function nameFault(name: string): string | null {
  let index = 0;
  for (const char of name) {
    const plainSpace = char === ' ';
    const selector = VARIATION_SELECTOR.test(char);
    if ((!plainSpace && !selector && REFUSED.test(char)) || (selector && index === 0)) {
      return `contains ${describeCharacter(char)}; names hold only visible characters and plain spaces`;
    }
    index += 1;
  }
  return null;
}
