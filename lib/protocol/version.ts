/**
 * The product's version, as package.json states it (a unit test keeps the two equal; a literal
 * here needs no package.json at run time, which the packed executable does not carry as a file).
 */
export const VERSION = '0.1.0';

/**
 * The version of the messages the server and its agents exchange over the agent link. A change
 * that an agent of the previous version would misread (a message renamed or removed, a field
 * whose meaning or type changes, a new field it must understand) bumps it; a new optional field
 * that an older side may ignore does not.
 */
export const PROTOCOL_VERSION = 1;
