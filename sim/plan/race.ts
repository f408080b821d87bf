/**
 * The race (search.ts step 5) and the verdicts it stands on: a candidate's feasibility on the
 * replications it has, the cheapest and the race's leader, the ties the tie rule (tie.ts) left, and the
 * rounds of replications that bring the candidates still in the running to the cap.
 */
import { replicationStat, type Stat } from '../results/statistics.ts';
import { meetsGoal, missesTime, type Evaluator, type Outcome, type Wanted } from './evaluate.ts';
import type { Candidate, Plan } from './load.ts';
import { canStillMeet } from './odds.ts';
import { raceLooks, raceNext, tieTest, type TieTest } from './tie.ts';

/** A candidate the race left tied with the cheapest (`with`: its index) by the tie rule, and the test. */
export interface Tie { index: number; with: number; test: TieTest }

/** Replications missing the goal (`time`: only those known to miss the deadline, the bisection's evidence). */
export const misses = (os: Outcome[], p: Plan, time = false) => os.filter((o) => (time ? missesTime(o, p.goal) : !meetsGoal(o, p.goal))).length;

/** Meets the goal at the confidence on the replications it has. */
export function feasible(os: Outcome[], p: Plan): boolean {
  return os.length > 0 && (os.length - misses(os, p)) / os.length >= p.goal.confidence - 1e-12;
}

export const costStat = (os: Outcome[]): Stat => replicationStat(os.map((o) => o.cost.total));

/** The cheapest feasible candidate by mean cost (ties: the first in search order). */
export function cheapest(cands: readonly Candidate[], outcomesOf: (c: Candidate) => Outcome[], p: Plan): Candidate | undefined {
  let best: Candidate | undefined;
  let bestCost = Infinity;
  for (const c of cands) {
    const os = outcomesOf(c);
    if (!feasible(os, p)) continue;
    const m = costStat(os).mean;
    if (m < bestCost || (m === bestCost && best !== undefined && c.index < best.index)) { best = c; bestCost = m; }
  }
  return best;
}

/** The replication counts at which the race tests for ties (none when the plan's cost tolerance is 0). */
export const looksOf = (p: Plan): number[] => (p.goal.cost_tolerance > 0 ? raceLooks(p.replications.cap) : []);

// an unfinished replication's cost is only what it had spent by its cut: NaN, which no tie is tested on
const costs = (os: Outcome[]) => os.map((o) => (o.unfinished ? NaN : o.cost.total));

/**
 * The race's leader (the cheapest feasible candidate among those with the most replications) and those
 * tied with it. A candidate the race left tied (`tied`, by index) stays out of the running while its test
 * against the current leader still holds (its mean on fewer seeds says nothing the paired test has not
 * weighed). When the leader changes (it
 * missed on a later replication, or another became cheaper), every tie is tested again against the new
 * one, and a candidate whose tie no longer holds is back in the running (and racing). `tied` is updated
 * to the ties that hold.
 */
export function standing(cands: readonly Candidate[], outcomesOf: (c: Candidate) => Outcome[], p: Plan, tied: Set<number>): { best: Candidate | undefined; ties: Tie[] } {
  const looks = looksOf(p);
  for (;;) {
    const best = leader(cands.filter((c) => !tied.has(c.index)), outcomesOf, p);
    if (!best) {
      if (tied.size === 0) return { best, ties: [] };
      tied.clear();
      continue;
    }
    const ties: Tie[] = [];
    for (const c of cands) {
      if (!tied.has(c.index)) continue;
      const test = tieTest(costs(outcomesOf(best)), costs(outcomesOf(c)), p.goal.cost_tolerance, looks);
      if (test?.tied) ties.push({ index: c.index, with: best.index, test });
      else tied.delete(c.index);
    }
    if (ties.length === tied.size) return { best, ties };
  }
}

/**
 * The race's leader: the cheapest by mean cost among the feasible candidates with the most replications
 * (ties: the first in search order). Means over different numbers of seeds are not compared: with common
 * random numbers a candidate run on the first seeds only has not met the dear ones yet (the headline's
 * seeds 7 and 8 cost every L4 count $7-19 more than seed 1), so its mean would look cheaper than the
 * leader's over all of them. A candidate with fewer replications that is cheaper on some seed they share
 * races on until it has as many (or is tied, tie.ts), and then competes on its mean.
 */
export function leader(cands: readonly Candidate[], outcomesOf: (c: Candidate) => Outcome[], p: Plan): Candidate | undefined {
  const ok = cands.filter((c) => feasible(outcomesOf(c), p));
  const most = Math.max(0, ...ok.map((c) => outcomesOf(c).length));
  return cheapest(ok.filter((c) => outcomesOf(c).length === most), outcomesOf, p);
}

/**
 * Sequential racing: more replications (1, 2, 4, then two a round to the cap: tie.ts raceNext) for the
 * candidates that could still be the cheapest: the cheapest feasible one, and those that cost no more
 * than it on at least one seed they share and are not tied with it. Every candidate runs the same seeds
 * (common random numbers), so replication k of two candidates differs only by what their settings
 * change. Two rules stop a challenger before the cap:
 *  - dearer on every shared seed by more than `goal.cost_tolerance`: taken to be dearer (a heuristic,
 *    like a sign test on few pairs; test/plan/exhaustive.test.ts checks the answer against the
 *    exhaustive grid). Within the tolerance on some seed it races on, to the tie test: one cheap seed
 *    must not drop a candidate whose costs are the leader's to a tenth of a percent;
 *  - tied (tie.ts): a paired one-sided t bound shows it is not more than `goal.cost_tolerance` cheaper
 *    than the cheapest; wrong for a challenger that is in truth more than that cheaper with probability
 *    at most TIE_ERROR. A t interval on two replications is 12.7 standard errors wide, so the test starts
 *    at four.
 * The race returns once the cheapest feasible candidate has the cap's replications and no challenger is left.
 */
export async function race(plan: Plan, ev: Evaluator, cands: Candidate[], tied: Set<number>, ahead: (w: () => Wanted[]) => void): Promise<void> {
  const { cap } = plan.replications;
  const looks = looksOf(plan);
  for (;;) {
    const { best } = standing(cands, (c) => ev.of(c), plan, tied);
    const bestRuns = best ? ev.of(best) : [];
    const close = cands.filter((c) => {
      const os = ev.of(c);
      if (os.length >= cap) return false;
      if (!canStillMeet(misses(os, plan), cap, plan.goal.confidence)) return false;
      if (c === best) return true;
      if (tied.has(c.index)) return false;
      const shared = Math.min(os.length, bestRuns.length);
      if (shared === 0) return true;
      if (tieTest(costs(bestRuns), costs(os), plan.goal.cost_tolerance, looks)?.tied) {
        tied.add(c.index);
        return false;
      }
      // dearer on every shared seed, by more than the tolerance (a near-equal one is left to the tie test)
      const margin = 1 + plan.goal.cost_tolerance;
      for (let k = 0; k < shared; k++) if (os[k]!.cost.total <= margin * bestRuns[k]!.cost.total) return true;
      return false;
    });
    if (close.length === 0) return;
    const reps = raceNext(Math.min(...close.map((c) => ev.of(c).length)), cap, looks);
    // idle workers meanwhile take the round after this one
    ahead(() => close.map((c) => ({ c, reps: raceNext(reps, cap, looks) })));
    await ev.ensure(close, reps, 'race');
    ahead(() => []);
  }
}
