import { describe, expect, it } from 'vitest';
import { LOG_LIMIT_MAX, LogsQuery } from './servers.js';

describe('the logs limit in the OpenAPI document is the limit the server applies', () => {
  const pattern = new RegExp(LogsQuery.properties.limit.pattern as string);

  it(`admits exactly the whole numbers 1 to ${LOG_LIMIT_MAX}`, () => {
    const admitted = Array.from({ length: LOG_LIMIT_MAX + 100 }, (_, n) => n).filter((n) => pattern.test(String(n)));
    expect(admitted.length).toBe(LOG_LIMIT_MAX);
    expect([admitted[0], admitted.at(-1)]).toEqual([1, LOG_LIMIT_MAX]);
  });

  it('refuses what is not a plain whole number', () => {
    const refused = ['', '0', '00', '01', '-1', '1.5', '1e3', ' 5', '5 ', '100000', '999999'];
    expect(refused.filter((text) => pattern.test(text))).toEqual([]);
  });
});
