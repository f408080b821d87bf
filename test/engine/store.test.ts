import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, Store } from '../../sim/engine/index.ts';

test('items come out first-in first-out; take blocks until an item arrives', () => {
  const sim = new Simulation();
  const store = new Store<number>();
  const got: [number, number][] = [];
  sim.process((function* () {
    for (let i = 0; i < 4; i++) got.push([(yield store.take()) as number, sim.now]);
  })());
  store.put(1);
  store.put(2);
  sim.at(5, () => {
    store.put(3);
    store.put(4);
  });
  sim.run();
  assert.equal(got, [[1, 0], [2, 0], [3, 5], [4, 5]]);
  assert.is(store.length, 0);
});

test('waiting takers are served first-come first-served', () => {
  const sim = new Simulation();
  const store = new Store<string>();
  const got: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    sim.process((function* () {
      got.push(`${name}<-${yield store.take()}`);
    })());
  }
  sim.at(1, () => ['x', 'y', 'z'].forEach((v) => store.put(v)));
  sim.run();
  assert.equal(got, ['a<-x', 'b<-y', 'c<-z']);
  assert.is(store.waiting, 0);
});

test('a bounded store refuses offers when full and put throws', () => {
  const store = new Store<number>(2);
  assert.ok(store.offer(1));
  assert.ok(store.offer(2));
  assert.not.ok(store.offer(3));
  assert.throws(() => store.put(3), /full/);
  assert.is(store.tryTake(), 1);
  assert.equal([...store], [2]);
});

test.run();
