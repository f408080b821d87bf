import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IndexHeap } from '../../sim/engine/indexHeap.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';

/** Pops everything: the ids in heap order. */
const drain = (h: IndexHeap) => {
  const out: number[] = [];
  while (h.size > 0) out.push(h.pop());
  return out;
};

test('pops by key, ties by the smaller id; empty heap says -1 and Infinity', () => {
  const h = new IndexHeap(2);
  for (const [k, id] of [[5, 1], [1, 9], [5, 0], [3, 4], [1, 2]] as const) h.push(k, id);
  assert.is(h.peekKey(), 1);
  assert.is(h.peekId(), 2);
  assert.equal(drain(h), [2, 9, 4, 0, 1]);
  assert.is(h.pop(), -1);
  assert.is(h.peekKey(), Infinity);
});

test('remove keeps the heap order: random pushes, removes and pops match a sorted list', () => {
  const rng = new RandomStreams(11).stream('heap');
  const h = new IndexHeap(4);
  let model: [number, number][] = [];
  let nextId = 0;
  for (let step = 0; step < 5000; step++) {
    const u = rng.next();
    if (u < 0.5 || model.length === 0) {
      const key = Math.floor(rng.next() * 20); // many ties
      const id = nextId++;
      h.push(key, id);
      model.push([key, id]);
    } else if (u < 0.8) {
      const [, id] = model[Math.floor(rng.next() * model.length)]!;
      assert.ok(h.remove(id));
      model = model.filter(([, i]) => i !== id);
    } else {
      model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      assert.is(h.pop(), model.shift()![1]);
    }
    assert.is(h.size, model.length);
  }
  assert.not.ok(h.remove(-5), 'an id not present');
  model.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.equal(drain(h), model.map(([, id]) => id));
});

test.run();
