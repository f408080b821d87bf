/** The host's slow level: off is the same function, on it lasts its time constant, and the fit finds a planted one. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fitHostDrift, withHostDrift, withoutDrift, driftWindows } from '../../../sim/model/serving/hostDrift.ts';
import { normalQuantile } from '../../../sim/engine/special.ts';

/** A small deterministic uniform generator (an LCG), so the tests need no engine stream. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

test('off (sd 0 or time 0): the very same function, so the same draws', () => {
  const f = (size: number) => size * 0.01;
  assert.is(withHostDrift(f, () => 0, lcg(1), { time: 0, sd: 0.2 }), f);
  assert.is(withHostDrift(f, () => 0, lcg(1), { time: 5, sd: 0 }), f);
});

test('on: batches close in time share a level, batches far apart do not', () => {
  let t = 0;
  const d = withHostDrift(() => 1, () => t, lcg(7), { time: 10, sd: 0.3 });
  const logs: number[] = [];
  for (let i = 0; i < 20000; i++) { t = i * 0.1; logs.push(Math.log(d())); }
  const corr = (lag: number) => {
    let xy = 0, xx = 0;
    for (let i = lag; i < logs.length; i++) { xy += logs[i]! * logs[i - lag]!; xx += logs[i]! ** 2; }
    return xy / xx;
  };
  const sd = Math.sqrt(logs.reduce((a, l) => a + l * l, 0) / logs.length);
  assert.ok(Math.abs(sd - 0.3) < 0.05, `sd ${sd}`);
  assert.ok(Math.abs(corr(10) - Math.exp(-1 / 10)) < 0.05, `1 s apart ${corr(10)}`); // exp(-dt / time)
  assert.ok(corr(1000) < 0.2, `100 s apart ${corr(1000)}`);
});

/** A batch log at 12 batches a second for `seconds`, size 8, with a fast scatter and a level `level(t)`. */
function log(seconds: number, level: (t: number) => number, seed = 3): Array<[number, number, number]> {
  const u = lcg(seed);
  return Array.from({ length: Math.round(seconds * 12) }, (_, i) => {
    const t = i / 12;
    return [8, 0.08 * Math.exp(level(t) + 0.2 * normalQuantile(u())), 1000 + t] as [number, number, number];
  });
}

test('fit: a level that moves over seconds is found, with its spread and a time of seconds', () => {
  // a level stepping between +-0.25 every 6 s: sd 0.25, neighbouring 2 s windows alike
  const drift = fitHostDrift([log(60, (t) => (Math.floor(t / 6) % 2 ? 0.25 : -0.25))]);
  assert.ok(drift.sd > 0.18 && drift.sd < 0.32, `sd ${drift.sd}`);
  assert.ok(drift.time > 1 && drift.time < 30, `time ${drift.time}`);
});

test('fit: a flat host (fast scatter only) and a too-short log give no drift', () => {
  assert.equal(fitHostDrift([log(60, () => 0)]).sd, 0);
  assert.equal(fitHostDrift([log(8, (t) => (t > 4 ? 0.3 : 0))]).sd, 0, 'four windows: too few');
});

test('withoutDrift: batches divided by their window\'s level keep the median level and lose the slow spread', () => {
  const batches = log(60, (t) => (Math.floor(t / 6) % 2 ? 0.25 : -0.25));
  const flat = withoutDrift(batches, fitHostDrift([batches]));
  const levels = driftWindows(flat).level;
  assert.ok(Math.max(...levels.map(Math.abs)) < 0.02, `levels left ${levels}`);
  assert.is(flat[5]![2], batches[5]![2], 'start times kept');
  assert.equal(withoutDrift(batches, { time: 0, sd: 0 }), batches, 'off: as they were');
});

test.run();
