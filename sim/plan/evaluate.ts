/**
 * Running candidates: each replication's outcome kept as a few numbers (a 1,000,000-image result is
 * dropped as soon as it is read), replications added in batches through any executor. Every
 * candidate uses the base scenario's replication seeds (common random numbers), and a candidate
 * given more replications later gets the next seeds of the same sequence, so its first r
 * replications are the same whatever the order of the search.
 *
 * A run whose verdict is settled stops early: the planner runs every candidate with its time limit
 * lowered to the deadline (cutAt), since a replication still unfinished there misses the goal
 * whatever it would do next. Up to the cut the run is the same event for event (the time limit only
 * bounds the simulated clock: sim/model/kiosk.ts), so a replication that finishes by the deadline
 * has exactly the figures of the uncut run, and one that does not is known only to take longer: its
 * makespan is never reported, only "more than" the cut (`unfinished`). Runs stop earlier still once
 * their verdict is settled (sim/model/settle.ts): when the images left cannot be served by the deadline
 * even at the GPU bound's rate on every server, or the bill has passed the budget.
 */
import { deriveReplicationSeeds } from '../engine/rng.ts';
import type { ReplicationResult } from '../results/runResult.ts';
import { planFigures } from '../results/summary.ts';
import { batchTracker, type BatchProgress } from '../sweep/batch.ts';
import type { Executor, RunTask } from '../sweep/task.ts';
import type { OnRunProgress } from '../sweep/runProgress.ts';
import type { KioskConfig } from '../model/config.ts';
import type { Settled, SettleRule } from '../model/settle.ts';
import { bestRate, serversPerNode, tilesPerImage } from './gpuBound.ts';
import type { Candidate, Goal } from './load.ts';

export interface Cause { cause: string; detail: string }

export interface Outcome {
  completed: boolean;
  /** Images that failed (gRPC retries exhausted): not processed, so the replication misses the goal. */
  failed: number;
  /** A finished replication's makespan (s); NaN for an unfinished one (see `unfinished`). */
  makespan: number;
  /** An unfinished replication: cut at `above_s` (its makespan is longer), or null when it ran out of events (never finishes); `left` images unfinished. */
  unfinished?: { above_s: number | null; left: number; settled?: Settled };
  cost: ReplicationResult['cost'];
  p95: number;
  gpuUtilization: number;
  peakNodes: number;
  limitedBy?: Cause[];
}

/**
 * What is known of an unfinished replication's makespan: more than the cut (its time limit); more than
 * the deadline when it stopped because it could no longer meet it; more than the moment it stopped when
 * its cost had passed the budget; nothing (null) when it ran out of events (it never finishes).
 */
function unfinishedOf(r: ReplicationResult, left: number): NonNullable<Outcome['unfinished']> {
  const stop = r.stop;
  if (stop?.kind === 'time_limit') return { above_s: stop.limit_s, left };
  if (stop?.kind === 'settled') return { above_s: stop.settled.kind === 'time' ? stop.settled.deadline_s : stop.settled.at_s, left, settled: stop.settled };
  return { above_s: null, left };
}

export function outcomeOf(r: ReplicationResult): Outcome {
  const s = planFigures(r); // summarize(name, [r])'s fields read here, without the latency columns not read
  return {
    completed: r.completed,
    failed: s.images.failed,
    makespan: r.completed ? r.makespan : NaN,
    ...(r.completed ? {} : { unfinished: unfinishedOf(r, s.images.submitted - s.images.completed - s.images.failed) }),
    cost: { ...r.cost },
    p95: s.total_p95_s,
    gpuUtilization: r.gpu.mean_utilization,
    peakNodes: r.gpu.peak_nodes,
    limitedBy: s.limited_by,
  };
}

/** The config a candidate runs with: its time limit lowered to the deadline, where its verdict is settled. */
export function cutAt(config: KioskConfig, deadline_s: number): KioskConfig {
  return config.timeLimit <= deadline_s ? config : { ...config, timeLimit: deadline_s };
}

/** The early-stop rule of a candidate's runs (sim/model/settle.ts): the goal's deadline and budget, the GPU bound's rate and servers. */
export function settleRuleOf(config: KioskConfig, g: Goal): SettleRule {
  const rate = bestRate(config);
  const pool = config.cluster.pools.gpu;
  const servers = Math.max(pool.max, pool.min) * serversPerNode(config);
  const timed = Number.isFinite(rate) && rate > 0 && Number.isFinite(servers);
  return { deadline_s: g.deadline_s, budget_usd: g.budget_usd, gpuSecondsPerImage: timed ? tilesPerImage(config) / rate : 0, servers: timed ? servers : 0 };
}

export const meetsTime = (o: Outcome, g: Goal) => o.completed && o.failed === 0 && o.makespan <= g.deadline_s && (g.latency_p95_s === undefined || o.p95 <= g.latency_p95_s);
/**
 * Known to miss the deadline (or the SLO, or with failed images): the bisection's evidence. A run stopped
 * because its bill passed the budget says nothing about its time, so it is not one: a GPU count over
 * the budget must not rule out the smaller, cheaper counts.
 */
export const missesTime = (o: Outcome, g: Goal) => o.unfinished?.settled?.kind !== 'cost' && !meetsTime(o, g);

export const meetsGoal = (o: Outcome, g: Goal) => meetsTime(o, g) && o.cost.total <= g.budget_usd;

/**
 * Where a candidate's replication outcome comes from: by default a run on the executor, read into an
 * Outcome at once. The benchmark's recorder (test/bench/planRecord.ts) swaps in a store of recorded
 * outcomes, to time a search's schedule without running it again.
 */
export type OutcomeSource = (task: RunTask, name: string, onProgress?: OnRunProgress) => Promise<Outcome>;

export const executorSource = (executor: Executor): OutcomeSource => async (task, _name, onProgress) => outcomeOf(await executor.run(task, onProgress));

/** A replication the search may want next: candidate `c`'s replications up to `reps`. */
export interface Wanted { c: Candidate; reps: number }

/**
 * Runs the search asks for, and runs it may ask for next on workers that would otherwise idle.
 *
 * The search waits for each batch it asks for (ensure), and a batch often has fewer runs than there are
 * workers, or ends with one long run while the other worker idles. Where the executor's worker count is
 * known (`slots`: a local run pool), a free worker takes a speculative run: the next replication of a
 * candidate the search says it is likely to want (`speculation`, called whenever a worker frees). A
 * speculative run is the very task the search would ask for later (same config, seed, cut and stop
 * rule), so its outcome is the same; it is kept aside and becomes part of the search's evidence only
 * when the search asks for it. What the search sees (`of`), decides and reports (`runs`, `spent`) is
 * therefore the same whatever the worker count and whatever was speculated; only the wall time and the
 * CPU spent on speculative runs never asked for (`speculation.unused`) differ.
 */
export class Evaluator {
  readonly outcomes = new Map<number, Outcome[]>();
  /** Runs the search used, by phase of the search. */
  readonly spent: Record<string, number> = {};
  /** The same by candidate (index): where each phase's runs went. */
  readonly spentOn = new Map<number, Record<string, number>>();
  runs = 0;
  /** Runs started on idle workers before the search asked for them: how many, and how many it then used. */
  readonly speculated = { runs: 0, used: 0 };
  /** What the search may want next, most likely first (see the class comment); empty: nothing. */
  speculation: () => Wanted[] = () => [];

  private readonly source: OutcomeSource;
  /** Runs asked for or started and not yet taken into `outcomes`, by candidate index and replication. */
  private readonly pending = new Map<string, { promise: Promise<Outcome>; done?: Outcome; speculative: boolean }>();
  private inFlight = 0;

  /**
   * `goal`: the runs stop where their verdict on it is settled: cut at the deadline (cutAt), or earlier
   * once they can no longer meet the deadline or the budget (settleRuleOf). Without it every replication
   * runs to its own time limit. `slots`: the executor's workers, for speculative runs (none when not given).
   */
  constructor(executor: Executor | OutcomeSource, private readonly progress?: (phase: string) => BatchProgress | undefined, private readonly goal?: Goal, private readonly slots = 0) {
    this.source = typeof executor === 'function' ? executor : executorSource(executor);
  }

  of(c: Candidate): Outcome[] {
    return this.outcomes.get(c.index) ?? [];
  }

  /**
   * The replications of `c` known so far, including speculative ones already finished, in order (up to the
   * first one not finished): for choosing what to speculate only, never for a verdict.
   */
  peek(c: Candidate): Outcome[] {
    const out = [...this.of(c)];
    for (let k = out.length; ; k++) {
      const p = this.pending.get(`${c.index}:${k}`);
      if (!p?.done) return out;
      out.push(p.done);
    }
  }

  private task(c: Candidate, seed: number): RunTask {
    const g = this.goal;
    return g ? { config: cutAt(c.scenario.config, g.deadline_s), seed, detail: 'summary', settle: settleRuleOf(c.scenario.config, g) } : { config: c.scenario.config, seed, detail: 'summary' };
  }

  /** Replication k of c: the pending run (speculative or not) or a new one. */
  private request(c: Candidate, k: number, speculative: boolean, onProgress?: OnRunProgress): Promise<Outcome> {
    const key = `${c.index}:${k}`;
    const have = this.pending.get(key);
    if (have) {
      if (!speculative && have.speculative) { have.speculative = false; this.speculated.used++; }
      return have.promise;
    }
    const seed = deriveReplicationSeeds(c.scenario.config.seed, k + 1)[k]!;
    this.inFlight++;
    const entry: { promise: Promise<Outcome>; done?: Outcome; speculative: boolean } = { promise: undefined as unknown as Promise<Outcome>, speculative };
    entry.promise = this.source(this.task(c, seed), c.scenario.config.name, onProgress).then((o) => {
      entry.done = o;
      return o;
    }).finally(() => {
      this.inFlight--;
      this.fill();
    });
    // a speculative run never asked for may fail or be cut off when the executor closes: nobody waits for it
    if (speculative) { this.speculated.runs++; entry.promise.catch(() => {}); }
    this.pending.set(key, entry);
    return entry.promise;
  }

  /** Gives each idle worker the first replication the search may want that is neither taken nor under way. */
  private fill(): void {
    if (!(this.slots > 0) || this.inFlight >= this.slots) return;
    for (const { c, reps } of this.speculation()) {
      for (let k = this.of(c).length; k < reps && this.inFlight < this.slots; k++) {
        if (!this.pending.has(`${c.index}:${k}`)) this.request(c, k, true);
      }
      if (this.inFlight >= this.slots) return;
    }
  }

  /** Brings every candidate listed to at least `reps` replications; idle workers meanwhile take speculative runs. */
  async ensure(cands: readonly Candidate[], reps: number, phase: string): Promise<void> {
    const wanted: { c: Candidate; k: number }[] = [];
    for (const c of cands) for (let k = this.of(c).length; k < reps; k++) wanted.push({ c, k });
    if (wanted.length === 0) return;
    const bar = this.progress?.(phase);
    const tracker = batchTracker(wanted.length, bar);
    let got: Outcome[];
    try {
      const runs = wanted.map(({ c, k }, i) => this.request(c, k, false, tracker.onRun(i)).then((o) => {
        tracker.finished(i);
        return o;
      }));
      this.fill();
      got = await Promise.all(runs);
    } finally {
      bar?.stop();
    }
    // in order of replication: a candidate's k-th outcome is always its k-th seed's
    wanted.forEach(({ c, k }, i) => {
      const list = this.outcomes.get(c.index) ?? [];
      if (list.length !== k) throw new Error(`replication ${k} of candidate ${c.index} out of order`);
      list.push(got[i]!);
      this.outcomes.set(c.index, list);
      const on = this.spentOn.get(c.index) ?? {};
      on[phase] = (on[phase] ?? 0) + 1;
      this.spentOn.set(c.index, on);
      this.pending.delete(`${c.index}:${k}`);
    });
    this.runs += wanted.length;
    this.spent[phase] = (this.spent[phase] ?? 0) + wanted.length;
  }

  /**
   * Runs the replications of `cands` that were cut at the deadline again to their own time limit (same
   * seeds), so that a candidate feasible despite a miss (a confidence below 1) is reported with its
   * whole makespan and cost, not a cut one. The verdicts stay: a cut replication misses either way.
   */
  async finish(cands: readonly Candidate[], phase: string): Promise<void> {
    const tasks: RunTask[] = [];
    const owner: Candidate[] = [];
    const slot: number[] = [];
    for (const c of cands) {
      const os = this.of(c);
      const seeds = deriveReplicationSeeds(c.scenario.config.seed, os.length);
      os.forEach((o, k) => {
        const at = o.unfinished?.above_s;
        if (at === undefined || at === null || at >= c.scenario.config.timeLimit) return;
        tasks.push({ config: c.scenario.config, seed: seeds[k]!, detail: 'summary' });
        owner.push(c);
        slot.push(k);
      });
    }
    if (tasks.length === 0) return;
    const got = await Promise.all(tasks.map((t, i) => this.source(t, owner[i]!.scenario.config.name)));
    got.forEach((o, i) => { this.outcomes.get(owner[i]!.index)![slot[i]!] = o; });
    this.runs += tasks.length;
    this.spent[phase] = (this.spent[phase] ?? 0) + tasks.length;
  }
}
