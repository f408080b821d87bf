import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/engine/index.ts';
import { startSharedUpload } from '../../../sim/model/link/sharedUpload.ts';

function uploads(zips: number, concurrency: number, latency = 0): number[] {
  const sim = new Simulation();
  const done: number[] = [];
  startSharedUpload(sim, { bandwidthBps: 100, concurrency, latency, zips, bitsOf: () => 1000 }, (zip) => (done[zip] = sim.now));
  sim.run();
  return done;
}

test('one at a time: each 1000-bit zip takes 10 s on a 100 bit/s link', () => {
  assert.equal(uploads(3, 1), [10, 20, 30]);
});

test('concurrent uploads share the bandwidth equally (processor sharing)', () => {
  assert.equal(uploads(2, 2), [20, 20]);
  // three zips, two at a time: 0 and 1 finish at 20, then 2 alone takes 10 s more
  assert.equal(uploads(3, 2), [20, 20, 30]);
});

test('the job exists `latency` after the last bit', () => {
  assert.equal(uploads(2, 1, 0.5), [10.5, 20.5]);
});

test.run();
