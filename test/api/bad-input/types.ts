import type { InjectOptions } from 'fastify';
import type { Fixtures } from '../rbac/fixtures.js';

/**
 * A valid request to one route (made by an administrator unless `caller` says otherwise),
 * which the generic bad-input tests spoil one way at a time: malformed JSON, wrong media
 * type, unknown fields, each required field missing, each field of the wrong type or out
 * of its range, unknown ids, over-long ids.
 */
export interface RouteInput {
  route: string;
  caller?: 'admin' | 'regular' | 'anonymous';
  /** Values for the path parameters (fresh objects each call). */
  params?(f: Fixtures): Promise<Record<string, string>> | Record<string, string>;
  /** A valid JSON body. */
  body?(f: Fixtures): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Path parameters that are not ids (an unknown value is a 400, not a 404). */
  notIds?: readonly string[];
}

/** One explicit bad request and the refusal it must get. */
export interface BadCase {
  route: string;
  what: string;
  caller?: 'admin' | 'regular' | 'restricted' | 'anonymous';
  request(f: Fixtures): Promise<InjectOptions> | InjectOptions;
  status: number;
  code: string;
  /** The field the error must name (omit when the error is about the whole request). */
  field?: string;
}

export const long = (n: number) => 'x'.repeat(n);
export const nics = (n: number) => Array.from({ length: n }, () => ({ type: 'virtio', attachment: 'nat' }));
