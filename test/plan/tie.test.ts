/**
 * The race's tie rule (sim/plan/tie.ts): where it looks, what it calls a tie, and its error rate: a
 * challenger exactly `tolerance` cheaper than the best (the edge of what must not be tied) is left tied
 * at one of the race's looks in at most TIE_ERROR of simulated races with normal paired differences.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { standardNormal } from '../../sim/engine/distributions.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { FIRST_LOOK, raceLooks, raceNext, TIE_ERROR, tieTest } from '../../sim/plan/tie.ts';

const schedule = (cap: number, looks: number[]) => {
  const out = [];
  for (let n = 0; n < cap; ) out.push((n = raceNext(n, cap, looks)));
  return out;
};

test('looks from 4 replications every second count below the cap; the race reaches each of them', () => {
  assert.equal(raceLooks(8), [4, 6]);
  assert.equal(raceLooks(4), []);
  assert.equal(raceLooks(3), []);
  assert.equal(raceLooks(16), [4, 6, 8, 10, 12, 14]);
  assert.equal(schedule(8, raceLooks(8)), [1, 2, 4, 6, 8]);
  assert.equal(schedule(16, raceLooks(16)), [1, 2, 4, 6, 8, 10, 12, 14, 16]);
  // without looks it doubles to the cap, as the race always did
  assert.equal(schedule(8, []), [1, 2, 4, 8]);
  assert.equal(schedule(4, raceLooks(4)), [1, 2, 4]);
  assert.equal(schedule(6, raceLooks(6)), [1, 2, 4, 6]);
  assert.is(raceNext(3, 8, raceLooks(8)), FIRST_LOOK);
});

const best = [66.96, 66.3, 74.5, 65.09, 58.64, 59.67, 74.21, 81.23]; // the headline's L4 x 22 (USD, seeds 1..8)

test('a challenger as dear as the best up to noise is tied at the first look; one well cheaper is not', () => {
  const looks = raceLooks(8);
  const close = best.map((b, k) => b + [0.4, -0.3, 0.5, 0.2, -0.1, 0.3, 0.2, 0.1][k]!);
  const t = tieTest(best, close.slice(0, 4), 0.05, looks)!;
  assert.ok(t.tied, JSON.stringify(t));
  assert.is(t.n, 4);
  assert.is(t.level, TIE_ERROR / 2);
  assert.ok(Math.abs(t.saving_usd - -0.2) < 1e-9, `${t.saving_usd}`);
  // 10 % cheaper on every seed: never a tie at a 5 % tolerance
  assert.not.ok(tieTest(best, best.map((b) => 0.9 * b), 0.05, looks)!.tied);
  // the same pairs with a tolerance of 0: no test
  assert.is(tieTest(best, close, 0, looks), undefined);
  // before the first look, or with a cut replication among those compared: no test
  assert.is(tieTest(best, close.slice(0, 3), 0.05, looks), undefined);
  assert.is(tieTest(best, [NaN, ...close.slice(1, 4)], 0.05, looks), undefined);
  assert.is(tieTest(best, close, 0.05, []), undefined);
  // the largest look both have reached: 6 of the challenger's 7
  assert.is(tieTest(best, close.slice(0, 7), 0.05, looks)!.n, 6);
});

test('noisy pairs at 4 seeds are not a tie; the headline race\'s own pairs (sd $3-4) tie only with more seeds', () => {
  const looks = raceLooks(8);
  const x20 = [62.77, 66.24, 77.76, 66.26, 64.82, 69.67, 74.29, 84.8];
  assert.not.ok(tieTest(best, x20.slice(0, 4), 0.05, looks)!.tied);
  assert.ok(tieTest(best, x20.slice(0, 6), 0.05, looks)!.tied);
});

test(`error rate: a challenger exactly the tolerance cheaper is left tied in at most ${TIE_ERROR} of races`, () => {
  const rng = new RandomStreams(7).stream('tie-test');
  const tolerance = 0.05;
  const looks = raceLooks(8);
  const trials = 20000;
  let tiedAny = 0;
  let tiedFirst = 0;
  for (let i = 0; i < trials; i++) {
    // costs around $70 with a shared seed effect (what common random numbers share) and their own noise
    const b: number[] = [];
    const c: number[] = [];
    for (let k = 0; k < 8; k++) {
      const seedEffect = 7 * standardNormal(rng);
      const bk = 70 + seedEffect + 2 * standardNormal(rng);
      b.push(bk);
      // E[c] = (1 - tolerance) E[b]: the edge; paired differences normal
      c.push((1 - tolerance) * (70 + seedEffect) + 2 * standardNormal(rng));
    }
    // the race stops a challenger at its first tied look
    const first = tieTest(b, c.slice(0, looks[0]), tolerance, looks)!.tied;
    if (first) tiedFirst++;
    if (first || looks.slice(1).some((n) => tieTest(b, c.slice(0, n), tolerance, looks)!.tied)) tiedAny++;
  }
  const rate = tiedAny / trials;
  const se = Math.sqrt((TIE_ERROR * (1 - TIE_ERROR)) / trials);
  assert.ok(rate <= TIE_ERROR + 3 * se, `left tied in ${rate} of races`);
  // one look spends about its share of the error (not a test that never fires)
  assert.ok(Math.abs(tiedFirst / trials - TIE_ERROR / looks.length) < 4 * Math.sqrt(0.025 * 0.975 / trials), `first look ${tiedFirst / trials}`);
});

test.run();
