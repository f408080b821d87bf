import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/engine/simulation.ts';
import { TimeSeries, sampleEvery } from '../../../sim/engine/stats/timeSeries.ts';

test('sampleEvery records every probe at fixed intervals, after events due at the same time', () => {
  const sim = new Simulation();
  let queue = 0;
  sim.every(5, () => queue++, 5); // changes at 5, 10, 15 ... (NORMAL priority)
  const { series, timer } = sampleEvery(sim, 5, { queue: () => queue, double: () => 2 * queue });
  sim.run({ until: 20 });
  timer.cancel();
  assert.equal(Array.from(series.times), [0, 5, 10, 15, 20]);
  assert.equal(Array.from(series.column('queue')), [0, 1, 2, 3, 4]);
  assert.equal(Array.from(series.column('double')), [0, 2, 4, 6, 8]);
});

test('a time series grows past its initial capacity and rejects rows out of order', () => {
  const ts = new TimeSeries(['x'], 16);
  for (let i = 0; i < 1000; i++) ts.record(i, { x: i * i });
  assert.is(ts.length, 1000);
  assert.is(ts.column('x')[999], 999 * 999);
  assert.throws(() => ts.record(5, { x: 0 }), /time order/);
  assert.throws(() => ts.column('y' as 'x'), /no column/);
});

test.run();
