import { describe, expect, it } from 'vitest';

import { ObjectLocks } from './locks.js';


const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ObjectLocks', () => {
  it('lets commands on different objects hold their locks at the same time', async () => {
    const locks = new ObjectLocks();
    const a = await locks.acquire(['vm:a', 'drive:a0']);
    const b = await locks.acquire(['vm:b']);
    expect(locks.busy()).toEqual(['drive:a0', 'vm:a', 'vm:b']);
    a();
    b();
    expect(locks.busy()).toEqual([]);
  });

  it('makes a command wait for the one holding a shared object, then lets it in', async () => {
    const locks = new ObjectLocks();
    const order: string[] = [];
    const first = await locks.acquire(['vm:a']);
    const second = locks.acquire(['vm:a', 'vm:b']).then((release) => {
      order.push('second holds');
      return release;
    });
    await tick();
    expect(order).toEqual([]);
    order.push('first releases');
    first();
    (await second)();
    expect(order).toEqual(['first releases', 'second holds']);
    expect(locks.busy()).toEqual([]);
  });

  it('takes keys in one order, so two commands naming the same objects in opposite orders never deadlock', async () => {
    const locks = new ObjectLocks();
    const runs = Array.from({ length: 20 }, (_, i) =>
      locks.acquire(i % 2 ? ['vm:x', 'vm:y'] : ['vm:y', 'vm:x']).then(async (release) => {
        await tick();
        release();
      }),
    );
    await Promise.all(runs);
    expect(locks.busy()).toEqual([]);
  });

  it('releases once: a second call does not free a lock another command holds by then', async () => {
    const locks = new ObjectLocks();
    const first = await locks.acquire(['vm:a']);
    first();
    const second = await locks.acquire(['vm:a']);
    first();
    let third = false;
    void locks.acquire(['vm:a']).then(() => {
      third = true;
    });
    await tick();
    expect(third).toBe(false);
    second();
    await tick();
    expect(third).toBe(true);
  });
});
