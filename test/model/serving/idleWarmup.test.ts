/** The first batch after an idle gap runs slower: the model's wrapper and the fit from a batch log. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitIdleWarmup, idleGaps, withIdleWarmup, withoutWarmup } from '../../../sim/model/serving/idleWarmup.ts';

test('extra 0 is the batch-time function itself (the same draws as without the option)', () => {
  const f = (size: number) => size * 0.01;
  assert.is(withIdleWarmup(f, () => 0, { after: 0.1, extra: 0 }), f);
});

test('a batch starting `after` or more past the previous end takes (1 + extra) x; one in a busy spell does not', () => {
  let t = 0;
  const f = withIdleWarmup(() => 0.05, () => t, { after: 0.2, extra: 1.5 });
  assert.ok(Math.abs(f(4) - 0.125) < 1e-12, 'the first batch follows the server\'s idle start');
  t = 0.125; // back to back
  assert.is(f(4), 0.05);
  t = 0.175 + 0.19; // a gap under 0.2 s
  assert.is(f(4), 0.05);
  t = 0.415 + 0.2; // a gap of exactly 0.2 s
  assert.ok(Math.abs(f(4) - 0.125) < 1e-12);
});

test('fitIdleWarmup: threshold and extra from a batch log; the profile\'s samples leave the warm-up out', () => {
  // busy batches 40 ms back to back, with a 0.5 s idle gap every 10 batches whose next batch takes 2.5x
  const log: Array<[number, number, number]> = [];
  let t = 100;
  for (let i = 0; i < 200; i++) {
    const afterIdle = i % 10 === 0;
    if (afterIdle) t += 0.5;
    const seconds = (afterIdle ? 2.5 : 1) * 0.04 * (1 + 0.05 * Math.sin(i));
    log.push([8, seconds, t]);
    t += seconds + 0.001;
  }
  const w = fitIdleWarmup([log]);
  assert.ok(w.after > 0.001 && w.after <= 0.5, `after ${w.after}`);
  assert.ok(Math.abs(w.extra - 1.5) < 0.1, `extra ${w.extra}`);
  assert.is(w.slowed, 20);
  const gaps = idleGaps(log);
  assert.is(gaps[0], Infinity);
  assert.ok(Math.abs(gaps[1]! - 0.001) < 1e-9);
  const busy = withoutWarmup(log, w);
  assert.ok(busy.every(([, s]) => s < 0.05), 'de-warmed: every batch at its busy time');
  assert.equal(fitIdleWarmup([log.map(([s, x, at], i) => [s, i % 10 === 0 ? x / 2.5 : x, at] as [number, number, number])]).extra, 0, 'no slowdown: off');
  assert.equal(fitIdleWarmup([log.map(([s, x]) => [s, x] as [number, number])]), { after: 0, extra: 0, slowed: 0 }, 'no start times: off');
});

test.run();
