/**
 * The planner's search, spending runs only where they can change the answer:
 *   1. prune: candidates whose analytic lower bounds (bounds.ts: arrivals, GPU throughput, node-hours,
 *      data costs) already miss the deadline or the budget are never run;
 *   2. branch and bound: the combinations of the other settings than the GPU count ("groups") are
 *      taken in order of their cost lower bound, WAVE at a time; once a feasible candidate is known,
 *      a group whose cost lower bound (the least over its counts) exceeds its mean cost cannot hold
 *      the cheapest and is not run. Groups left out are checked again against the final cheapest, so a cheapest
 *      that loses its place while racing never leaves a skip unjustified;
 *   3. bisect: per group, search on the GPU count for the smallest one whose replications meet the
 *      deadline (counts the time bound rules out are already gone from the interval; a count below one
 *      that misses is not run): the first probes come from a searched neighbour group's answer
 *      (hintedProbes), then an exponential search up from the smallest count (1, 2, 4, ... counts up)
 *      until one meets the deadline, then halving. A run stopped on the budget is no evidence on time. This assumes more GPU nodes never lengthen a run, a
 *      heuristic (README "Planning" has a counter-example), checked afterwards (monotone.ts);
 *   4. scan: from that count upwards, until `gpuWindow` counts above the cheapest one meeting the
 *      goal (or, while they miss only on time, further up);
 *   5. race: candidates still in the running for cheapest get more replications (1, 2, 4, then two a
 *      round up to the cap: tie.ts raceNext; race.ts); a candidate with more misses than the confidence allows at
 *      the cap, dearer than the best one on every seed they share, or shown by a paired test not to be
 *      more than `goal.cost_tolerance` cheaper than it (the tie rule, tie.ts), stops early;
 *   6. finish: runs are cut at the deadline (evaluate.ts); where the confidence lets the cheapest
 *      candidate miss on a replication, that replication runs again to its end, so the recommended
 *      makespan and cost are whole runs.
 * The verdict for a candidate is what the exhaustive search at the cap would conclude from the same
 * seeds: it meets the goal when at least `confidence` of its replications do.
 */
import { costBound, pruneReason, type Pruned } from './bounds.ts';
import { bestRate, serversPerNode } from './gpuBound.ts';
import type { Evaluator, Wanted } from './evaluate.ts';
import type { Candidate, Plan } from './load.ts';
import { canStillMeet } from './odds.ts';
import { cheapest, costStat, leader, misses, race, standing, type Tie } from './race.ts';
import { GPU_MAX_PATH } from './space.ts';

export { cheapest, costStat, feasible, leader, looksOf, standing, type Tie } from './race.ts';

/** Why a candidate was not run: below a count that misses, past the window, or its cost bound above a feasible candidate's cost. */
export type SkipKind = 'monotone' | 'window' | 'bound' | 'not run';

export type Status =
  | { kind: 'pruned'; reason: Pruned }
  | { kind: 'skipped'; by: SkipKind; detail: string }
  | { kind: 'evaluated' };

export interface SearchResult {
  status: Status[];
  evaluator: Evaluator;
  /** Each candidate's cost lower bound (USD; NaN for a candidate pruned before it was needed). */
  costBounds: number[];
  /** The groups (every setting but the GPU count), each in increasing GPU count, in the order searched. */
  groups: Candidate[][];
  /** The candidates the race left tied with the recommendation (tie.ts), each with its test against it. */
  ties?: Tie[];
}

/**
 * Groups bisected side by side: two keep both workers of a 2-core machine busy with one probe each,
 * and a small wave lets the first feasible cost rule out the later groups early. A constant, not the
 * worker count, so the answer is the same for any -j.
 */
export const WAVE = 2;

/** Candidates grouped by every setting but the GPU count, each group in increasing GPU count. */
export function groupsOf(plan: Plan, alive: Candidate[]): Candidate[][] {
  const byGpu = plan.axes.some((a) => a.path === GPU_MAX_PATH && a.values.every((v) => typeof v === 'number'));
  if (!byGpu) return alive.map((c) => [c]);
  const map = new Map<string, Candidate[]>();
  for (const c of alive) {
    const key = JSON.stringify(Object.entries(c.settings).filter(([k]) => k !== GPU_MAX_PATH));
    map.set(key, [...(map.get(key) ?? []), c]);
  }
  return [...map.values()].map((g) => g.sort((a, b) => (a.settings[GPU_MAX_PATH] as number) - (b.settings[GPU_MAX_PATH] as number)));
}

const usd = (x: number) => `$${x.toFixed(2)}`;

export async function search(plan: Plan, ev: Evaluator): Promise<SearchResult> {
  const { initial, cap } = plan.replications;
  const conf = plan.goal.confidence;
  const status: Status[] = plan.candidates.map(() => ({ kind: 'skipped', by: 'not run', detail: 'not run' }) as Status);
  const lb = plan.candidates.map(() => NaN);
  const alive: Candidate[] = [];
  for (const c of plan.candidates) {
    const why = pruneReason(c.scenario.config, plan.goal.deadline_s, plan.goal.budget_usd);
    if (why) status[c.index] = { kind: 'pruned', reason: why };
    else {
      alive.push(c);
      lb[c.index] = costBound(c.scenario.config);
    }
  }
  const groupBound = (g: Candidate[]) => Math.min(...g.map((c) => lb[c.index]!));
  // stable: equal bounds keep the search order
  const gs = groupsOf(plan, alive).map((g, i) => ({ g, i, bound: groupBound(g) })).sort((a, b) => a.bound - b.bound || a.i - b.i).map((x) => x.g);

  const evaluated = new Set<number>();
  const run = async (cs: Candidate[], reps: number, phase: string) => {
    await ev.ensure(cs, reps, phase);
    for (const c of cs) { evaluated.add(c.index); status[c.index] = { kind: 'evaluated' }; }
  };
  const evaluatedList = () => [...evaluated].sort((a, b) => a - b).map((i) => plan.candidates[i]!);
  // the candidates the race left tied with the cheapest (standing keeps it to the ties that hold)
  const tied = new Set<number>();
  const best = () => standing(evaluatedList(), (c) => ev.of(c), plan, tied).best;
  const bestMean = () => { const b = best(); return b ? costStat(ev.of(b)).mean : Infinity; };
  // a time miss is final when more misses than the confidence allows at the cap are in
  const timeFails = (c: Candidate, os = ev.of(c)) => !canStillMeet(misses(os, plan, true), cap, conf);
  // Where one miss is already final (confidence 0.95 with a cap of 8), one replication per probe decides a miss exactly; a pass is confirmed later.
  const bisectReps = canStillMeet(1, cap, conf) ? initial : 1;

  // what idle workers may run ahead of the search (Evaluator.speculation), most likely wanted first: the
  // cheapest feasible candidate's replications up to the cap, once its group's bisection is over (it gets
  // them all if it stays the cheapest); the bisection's next probes; the race's next round; the first
  // probes of the next wave, as it would be if the cheapest feasible cost stayed where it is
  const wanted = { bisect: (): Wanted[] => [], race: (): Wanted[] => [], next: (): Wanted[] => [] };
  const bisected = new Set<number>();
  const done = new Set<number>(); // groups searched or under way (their index in gs)
  const promising = (c: Candidate) => canStillMeet(misses(ev.peek(c), plan), cap, conf);
  ev.speculation = () => {
    const b = best();
    const lead = b && bisected.has(b.index) && promising(b) ? [{ c: b, reps: cap }] : [];
    return [...lead, ...wanted.bisect(), ...wanted.race().filter((w) => promising(w.c)), ...wanted.next()];
  };

  // each searched group's answer: the smallest count meeting the deadline, or null (none does)
  const answers: GroupAnswer[] = [];
  const countOf = (c: Candidate) => c.settings[GPU_MAX_PATH] as number;

  /** Bisection, scan and race for a wave of groups. */
  const searchWave = async (wave: Candidate[][]) => {
    const lo = wave.map(() => 0);
    const hi = wave.map((g) => g.length); // answer in [lo, hi]; hi = length: no count meets the deadline
    // the first probes of a group whose neighbour (one other setting differs) was searched: that answer
    // and the count below it (or the largest count, when no count of the neighbour met the deadline)
    let probes = wave.map((g) => hintedProbes(g, answers, nodeSpeed(g)));
    // until a count meets the deadline, gallop up from the smallest count the bounds leave (1, 2, 4, ...
    // counts up): misses there stop early (settle.ts) and cost little, passes run whole
    const span = wave.map(() => 1);
    for (;;) {
      probes = probes.map((ps, i) => ps.filter((m) => m >= lo[i]! && m < hi[i]!));
      probes = probes.map((ps, i) => (ps.length ? ps : nextProbe(wave[i]!.length, lo[i]!, hi[i]!, span[i]!)));
      if (probes.every((ps) => ps.length === 0)) break;
      const now = probes;
      // an idle worker meanwhile takes the probe that follows a lone probe's miss, then the one that follows its pass
      wanted.bisect = () => now.flatMap((ps, i) => {
        if (ps.length !== 1) return [];
        const m = ps[0]!;
        const g = wave[i]!;
        const known = ev.peek(g[m]!);
        const after = (missed: boolean) => nextProbe(g.length, missed ? m + 1 : lo[i]!, missed ? hi[i]! : Math.min(hi[i]!, m), 2 * span[i]!);
        const branches = known.length >= bisectReps ? [after(timeFails(g[m]!, known))] : [after(true), after(false)];
        return branches.flat().map((k) => ({ c: g[k]!, reps: bisectReps }));
      });
      await run(probes.flatMap((ps, i) => ps.map((m) => wave[i]![m]!)), bisectReps, 'bisect');
      wanted.bisect = () => [];
      probes.forEach((ps, i) => {
        for (const m of ps) {
          if (timeFails(wave[i]![m]!)) lo[i] = Math.max(lo[i]!, m + 1);
          else hi[i] = Math.min(hi[i]!, m);
        }
        if (ps.length) span[i] = 2 * span[i]!;
        // a pass below a miss breaks the assumption (monotone.ts reports it): keep the smaller passing count
        if (lo[i]! > hi[i]!) lo[i] = hi[i]!;
      });
      probes = probes.map(() => []);
    }
    wave.forEach((g, i) => answers.push({ settings: g[0]!.settings, count: hi[i]! < g.length ? countOf(g[hi[i]!]!) : null, speed: nodeSpeed(g) }));
    for (const g of wave) for (const c of g) bisected.add(c.index);
    wanted.next = () => nextWave().flatMap((g) => {
      const hinted = hintedProbes(g, answers, nodeSpeed(g));
      return (hinted.length ? hinted : nextProbe(g.length, 0, g.length, 1)).map((m) => ({ c: g[m]!, reps: bisectReps }));
    });
    const starts = wave.map((g, i) => Math.min(hi[i]!, g.length - 1));
    wave.forEach((g, i) => {
      for (let k = 0; k < starts[i]!; k++) {
        if (!evaluated.has(g[k]!.index)) status[g[k]!.index] = { kind: 'skipped', by: 'monotone', detail: `fewer GPU nodes than ${String(g[starts[i]!]!.settings[GPU_MAX_PATH])}, below a count that misses the deadline` };
      }
    });
    const end = wave.map((g, i) => Math.min(starts[i]! + plan.gpuWindow, g.length - 1));
    for (;;) {
      // bisection probes may have one replication; one whose miss is already final needs no second
      const scan = wave.flatMap((g, i) => g.slice(starts[i], end[i]! + 1)).filter((c) => ev.of(c).length < initial && canStillMeet(misses(ev.of(c), plan), cap, conf));
      if (scan.length) await run(scan, initial, 'scan');
      await race(plan, ev, evaluatedList(), tied, (w) => { wanted.race = w; });
      let grew = false;
      wave.forEach((g, i) => {
        if (end[i]! >= g.length - 1) return;
        const window = g.slice(starts[i], end[i]! + 1);
        // the group's leader from the window's start on (a count above the window that a bisection probe
        // ran counts too), among the candidates not left tied (a tied one stopped before the cap has no
        // verdict of its own, so the window looks past it as past a count that misses the deadline), on
        // the most replications, as the race's: a count dropped after one cheap seed does not end the window
        const b = leader(g.slice(starts[i]).filter((c) => evaluated.has(c.index) && !tied.has(c.index)), (c) => ev.of(c), plan);
        const top = g[end[i]!]!;
        const want = b ? g.indexOf(b) + plan.gpuWindow : timeFails(top) || window.some((c) => tied.has(c.index)) ? end[i]! + 1 : end[i]!;
        if (want > end[i]!) { end[i] = Math.min(want, g.length - 1); grew = true; }
      });
      if (!grew) break;
    }
    wave.forEach((g, i) => {
      for (const c of g.slice(end[i]! + 1)) {
        if (!evaluated.has(c.index)) status[c.index] = { kind: 'skipped', by: 'window', detail: 'more GPU nodes than the cheapest count meeting the goal in its combination, beyond the search window' };
      }
    });
  };

  // branch and bound over the groups: the next wave is the cheapest-bounded groups that can still win
  const open = () => { const limit = bestMean(); return gs.map((g, i) => ({ g, i })).filter(({ g, i }) => !done.has(i) && groupBound(g) <= limit).slice(0, WAVE); };
  const nextWave = () => open().map(({ g }) => g);
  for (;;) {
    const wave = open();
    if (wave.length === 0) break;
    wave.forEach(({ i }) => done.add(i));
    wanted.next = () => [];
    await searchWave(wave.map(({ g }) => g));
  }
  const finalBest = bestMean();
  // the recommendation's figures are whole runs: any replication of it cut at the deadline runs to its end
  const chosen = best();
  if (chosen) await ev.finish([chosen], 'finish');
  for (const c of alive) {
    const s = status[c.index]!;
    if (s.kind === 'skipped' && s.by === 'not run' && lb[c.index]! > finalBest) {
      status[c.index] = { kind: 'skipped', by: 'bound', detail: `its cost lower bound ${usd(lb[c.index]!)} exceeds the cheapest feasible candidate's mean cost ${usd(finalBest)}` };
    }
  }
  const { ties } = standing(evaluatedList(), (c) => ev.of(c), plan, tied);
  return { status, evaluator: ev, costBounds: lb, groups: gs, ties };
}

/**
 * The bisection's next probe (an index into a group of `length` counts) with the answer known to lie in
 * [lo, hi] (hi = length: no count met the deadline yet): while none has, gallop up `span` counts from lo;
 * then halve.
 */
export function nextProbe(length: number, lo: number, hi: number, span: number): number[] {
  if (lo >= hi || length <= 1) return [];
  if (hi === length) return [Math.min(lo + span - 1, length - 1)];
  return [Math.floor((lo + hi) / 2)];
}

/** A searched group's answer and its GPU node speed (the GPU bound's best rate x servers per node). */
export interface GroupAnswer { settings: Record<string, unknown>; count: number | null; speed: number }

/** One GPU node's best throughput in a group (tiles per second; the GPU bound's). */
export const nodeSpeed = (g: Candidate[]): number => {
  const c = g[0]!.scenario.config;
  return bestRate(c) * Math.min(serversPerNode(c), 1e9);
};

/**
 * Indices of a group's first bisection probes, from the answer of an already searched group that differs
 * from it in one setting other than the GPU count (the one with the nearest node speed). Its count, scaled
 * by the ratio of the two groups' GPU node speeds (the same GPU: unscaled), predicts this group's: the
 * probes are the predicted count and the one below, which settle the answer in two probes when the
 * prediction is right. Where no count of the neighbour met the deadline and this group's nodes are no
 * faster, the probe is the largest count (one miss there ends the group). Only the order of the probes
 * changes: the bisection's conclusion rests on the same assumption.
 */
export function hintedProbes(g: Candidate[], answers: readonly GroupAnswer[], speed: number): number[] {
  const mine = g[0]!.settings;
  const differ = (a: Record<string, unknown>) => Object.keys(mine).filter((k) => k !== GPU_MAX_PATH && JSON.stringify(a[k]) !== JSON.stringify(mine[k])).length;
  if (!(speed > 0) || !Number.isFinite(speed)) return [];
  // the neighbour with the nearest node speed (the same GPU first), then the first searched
  const gap = (a: GroupAnswer) => Math.abs(Math.log(a.speed / speed));
  let near: GroupAnswer | undefined;
  for (const a of answers) if (differ(a.settings) === 1 && a.speed > 0 && Number.isFinite(a.speed) && (!near || gap(a) < gap(near))) near = a;
  if (!near) return [];
  if (near.count === null) return speed <= near.speed ? [g.length - 1] : [];
  const predicted = Math.ceil(near.count * (near.speed / speed) - 1e-9);
  const at = g.findIndex((c) => (c.settings[GPU_MAX_PATH] as number) >= predicted);
  if (at < 0) return [g.length - 1];
  return at > 0 ? [at - 1, at] : [at];
}
