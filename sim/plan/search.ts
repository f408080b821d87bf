/**
 * The planner's search, in four steps, each spending runs only where they can change the answer:
 *   1. prune: candidates whose analytic lower bounds (bounds.ts) already miss the deadline or budget;
 *   2. bisect: per combination of the other settings, binary search on the GPU count for the smallest
 *      one whose replications meet the deadline (more GPU nodes allowed never lengthen a run; a count
 *      below one that misses is not run);
 *   3. scan: from that count upwards, until `gpuWindow` counts above the cheapest one meeting the
 *      goal (or, while they miss only on time, further up);
 *   4. race: candidates still in the running for cheapest get more replications (doubling up to the
 *      cap); a candidate with more misses than the confidence allows at the cap, or whose cost
 *      interval lies above the best one's, stops early.
 * The verdict for a candidate is what the exhaustive search at the cap would conclude from the same
 * seeds: it meets the goal when at least `confidence` of its replications do.
 */
import { replicationStat, type Stat } from '../results/statistics.ts';
import { pruneReason, type Pruned } from './bounds.ts';
import { Evaluator, meetsGoal, meetsTime, type Outcome } from './evaluate.ts';
import type { Candidate, Plan } from './load.ts';
import { canStillMeet } from './odds.ts';
import { GPU_MAX_PATH } from './space.ts';

export type Status =
  | { kind: 'pruned'; reason: Pruned }
  | { kind: 'skipped'; detail: string }
  | { kind: 'evaluated' };

export interface SearchResult {
  status: Status[];
  evaluator: Evaluator;
}

const misses = (os: Outcome[], p: Plan, time = false) => os.filter((o) => !(time ? meetsTime(o, p.goal) : meetsGoal(o, p.goal))).length;

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
    if (m < bestCost) { best = c; bestCost = m; }
  }
  return best;
}

/** Candidates grouped by every setting but the GPU count, each group in increasing GPU count. */
function groups(plan: Plan, alive: Candidate[]): Candidate[][] {
  const byGpu = plan.axes.some((a) => a.path === GPU_MAX_PATH && a.values.every((v) => typeof v === 'number'));
  if (!byGpu) return alive.map((c) => [c]);
  const map = new Map<string, Candidate[]>();
  for (const c of alive) {
    const key = JSON.stringify(Object.entries(c.settings).filter(([k]) => k !== GPU_MAX_PATH));
    map.set(key, [...(map.get(key) ?? []), c]);
  }
  return [...map.values()].map((g) => g.sort((a, b) => (a.settings[GPU_MAX_PATH] as number) - (b.settings[GPU_MAX_PATH] as number)));
}

export async function search(plan: Plan, ev: Evaluator): Promise<SearchResult> {
  const { initial, cap } = plan.replications;
  const conf = plan.goal.confidence;
  const status: Status[] = plan.candidates.map(() => ({ kind: 'skipped', detail: 'not run' }) as Status);
  const alive: Candidate[] = [];
  for (const c of plan.candidates) {
    const why = pruneReason(c.scenario.config, plan.goal.deadline_s, plan.goal.budget_usd);
    if (why) status[c.index] = { kind: 'pruned', reason: why };
    else alive.push(c);
  }
  const evaluated = new Set<number>();
  const run = async (cs: Candidate[], reps: number, phase: string) => {
    await ev.ensure(cs, reps, phase);
    for (const c of cs) { evaluated.add(c.index); status[c.index] = { kind: 'evaluated' }; }
  };
  // a time miss is final when more misses than the confidence allows at the cap are in
  const timeFails = (c: Candidate) => !canStillMeet(misses(ev.of(c), plan, true), cap, conf);

  // 2. bisect every group in lockstep: one batch per step. Where one miss is already final (confidence
  // 0.95 with a cap of 8), one replication per probe decides a miss exactly; a pass is confirmed later.
  const bisectReps = canStillMeet(1, cap, conf) ? initial : 1;
  const gs = groups(plan, alive);
  const lo = gs.map(() => 0);
  const hi = gs.map((g) => g.length); // answer in [lo, hi]; hi = length: no count meets the deadline
  for (;;) {
    const mids = gs.map((g, i) => (lo[i]! < hi[i]! && g.length > 1 ? Math.floor((lo[i]! + hi[i]!) / 2) : -1));
    const probe = mids.flatMap((m, i) => (m >= 0 ? [gs[i]![m]!] : []));
    if (probe.length === 0) break;
    await run(probe, bisectReps, 'bisect');
    mids.forEach((m, i) => {
      if (m < 0) return;
      if (timeFails(gs[i]![m]!)) lo[i] = m + 1;
      else hi[i] = m;
    });
  }
  gs.forEach((g, i) => {
    const start = Math.min(hi[i]!, g.length - 1);
    for (let k = 0; k < start; k++) {
      if (!evaluated.has(g[k]!.index)) status[g[k]!.index] = { kind: 'skipped', detail: `fewer GPU nodes than ${String(g[start]!.settings[GPU_MAX_PATH])}, below a count that misses the deadline` };
    }
  });

  // 3 and 4: scan upwards from each group's start and race, until no group wants another count
  const end = gs.map((g, i) => Math.min(Math.min(hi[i]!, g.length - 1) + plan.gpuWindow, g.length - 1));
  const starts = gs.map((g, i) => Math.min(hi[i]!, g.length - 1));
  for (;;) {
    const scan = gs.flatMap((g, i) => g.slice(starts[i], end[i]! + 1)).filter((c) => ev.of(c).length < initial); // bisection probes may have one replication
    if (scan.length) await run(scan, initial, 'scan');
    await race(plan, ev, [...evaluated].map((i) => plan.candidates[i]!));
    let grew = false;
    gs.forEach((g, i) => {
      if (end[i]! >= g.length - 1) return;
      const window = g.slice(starts[i], end[i]! + 1);
      const best = cheapest(window, (c) => ev.of(c), plan);
      const top = g[end[i]!]!;
      const want = best ? g.indexOf(best) + plan.gpuWindow : timeFails(top) ? end[i]! + 1 : end[i]!;
      if (want > end[i]!) { end[i] = Math.min(want, g.length - 1); grew = true; }
    });
    if (!grew) break;
  }
  for (const g of gs) {
    for (const c of g) {
      if (status[c.index]!.kind === 'skipped' && (status[c.index] as { detail: string }).detail === 'not run') {
        status[c.index] = { kind: 'skipped', detail: 'more GPU nodes than the cheapest count meeting the goal in its combination, beyond the search window' };
      }
    }
  }
  return { status, evaluator: ev };
}

/** An interval end, or the mean where one replication gives no interval (NaN). */
const finiteOr = (x: number | null, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);

/** Sequential racing: more replications, doubling to the cap, for the candidates that could still be the cheapest. */
async function race(plan: Plan, ev: Evaluator, cands: Candidate[]): Promise<void> {
  const { cap } = plan.replications;
  for (;;) {
    const best = cheapest(cands, (c) => ev.of(c), plan);
    const bestCost = best ? costStat(ev.of(best)) : undefined;
    const bestHigh = bestCost ? finiteOr(bestCost.ci95[1], bestCost.mean) : Infinity;
    const close = cands.filter((c) => {
      const os = ev.of(c);
      if (os.length >= cap) return false;
      if (!canStillMeet(misses(os, plan), cap, plan.goal.confidence)) return false;
      if (c === best) return true;
      const s = costStat(os);
      return finiteOr(s.ci95[0], s.mean) <= bestHigh;
    });
    if (close.length === 0) return;
    const reps = Math.min(cap, 2 * Math.min(...close.map((c) => ev.of(c).length)));
    await ev.ensure(close, reps, 'race');
  }
}
