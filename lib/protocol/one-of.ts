import { Type, type TLiteral, type TUnion } from 'typebox';

/**
 * One of a vocabulary's words (lib/catalog.ts). `Type.Union` of mapped literals would type
 * its value as never; the cast keeps each word, so `Static` gives their union.
 */
export const oneOf = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {}) as unknown as TUnion<
    { -readonly [K in keyof T]: TLiteral<T[K]> }
  >;
