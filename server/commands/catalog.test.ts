import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/db.js';
import { buildCommandLayer } from './layer.js';

describe('the command catalogue', () => {
  it('keys every command by its own type, once', () => {
    const { catalog } = buildCommandLayer(openDatabase(':memory:'));
    for (const [type, command] of Object.entries(catalog)) expect(command.type, type).toBe(type);
    expect(new Set(Object.values(catalog).map((c) => c.type)).size).toBe(Object.keys(catalog).length);
  });

  it('gives every command with effects the locks it plans under', () => {
    const { catalog } = buildCommandLayer(openDatabase(':memory:'));
    const unlocked = Object.values(catalog).filter((c) => 'effects' in c && c.effects && !('locks' in c && c.locks));
    expect(unlocked.map((c) => c.type)).toEqual([]);
  });
});
