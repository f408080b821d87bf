import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Deque } from '../../../sim/engine/index.ts';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { KeyRing } from '../../../sim/model/redis/keyRing.ts';

/** Applies one random operation to both a KeyRing and the engine's Deque (the list it replaced); what each returned. */
function step(ring: KeyRing, deque: Deque<number>, r: number, key: number): [unknown, unknown] {
  if (r < 0.3) return [ring.pushBack(key), deque.pushBack(key)];
  if (r < 0.4) return [ring.pushFront(key), deque.pushFront(key)];
  if (r < 0.6) return [ring.popFront(), deque.popFront()];
  if (r < 0.65) return [ring.peekFront(), deque.peekFront()];
  if (r < 0.7) return [ring.remove(key % 50), deque.remove(key % 50)];
  if (r < 0.75) return [ring.at(key % 40), deque.at(key % 40)];
  if (ring.length === 0) return [undefined, undefined];
  ring.cycle();
  deque.pushBack(deque.popFront()!);
  return [undefined, undefined];
}

test('KeyRing behaves as the Deque (pushBack, pushFront, popFront, peekFront, at, remove, cycle) over 20,000 random operations', () => {
  const next = aleaFor(7, 'keyRing');
  const ring = new KeyRing(4);
  const deque = new Deque<number>(4);
  for (let i = 0; i < 20_000; i++) {
    const [a, b] = step(ring, deque, next(), Math.floor(next() * 1000));
    assert.is(a, b, `operation ${i}`);
    assert.is(ring.length, deque.length, `length after operation ${i}`);
  }
  assert.equal([...ring], [...deque]);
  assert.ok(ring.length > 16, `the ring grew past its first capacity (${ring.length})`);
});

test('cycle on a full ring rotates it without growing', () => {
  const ring = new KeyRing(16);
  for (let k = 0; k < 16; k++) ring.pushBack(k);
  for (let i = 0; i < 5; i++) ring.cycle();
  assert.equal([...ring], [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4]);
  ring.pushBack(99); // the first push after the rotation grows it, keeping the order
  assert.equal([...ring], [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 99]);
});

test('KeyRing refuses keys an Int32Array would truncate (a key is an image or zip number)', () => {
  const ring = new KeyRing();
  for (const bad of [1.5, -1, 2 ** 31, NaN]) assert.throws(() => ring.pushBack(bad), /integer >= 0/);
  assert.throws(() => ring.pushFront(0.5), /integer >= 0/);
  assert.is(ring.length, 0);
});

/** What a scan does to move the front key to the back `n` times in its own loop (WaitingParents.cycleWaiting). */
function scanCycles(ring: KeyRing, n: number): void {
  const { buf, mask, length } = ring;
  let h = ring.head;
  for (let i = 0; i < n; i++) {
    buf[(h + length) & mask] = buf[h]!;
    h = (h + 1) & mask;
  }
  ring.rotatedTo(h);
}

test('a scan over buf, mask and head handed back with rotatedTo is n cycles (rings full and not, n past the length)', () => {
  const filled = (capacity: number, keys: number) => {
    const ring = new KeyRing(capacity);
    for (let k = 0; k < 3; k++) (ring.pushBack(90 + k), ring.popFront()); // the head off slot 0
    for (let k = 0; k < keys; k++) ring.pushBack(k * 3);
    return ring;
  };
  for (const [capacity, keys] of [[16, 16], [16, 11], [32, 5]] as const) {
    for (const n of [0, 1, 4, keys - 1, keys, keys + 3, 3 * keys + 2]) {
      const bulk = filled(capacity, keys);
      const single = filled(capacity, keys);
      scanCycles(bulk, n);
      for (let i = 0; i < n; i++) single.cycle();
      assert.equal([...bulk], [...single], `capacity ${capacity}, ${keys} keys, ${n} cycles`);
      if (n % keys !== 0) assert.not.equal([...bulk], [...filled(capacity, keys)], 'the cycles moved it');
      bulk.pushBack(77);
      single.pushBack(77);
      assert.equal([...bulk], [...single], 'a push after the cycles');
      assert.is(bulk.popFront(), single.popFront(), 'a pop after the cycles');
    }
  }
});

test.run();
