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
import { summarize } from '../results/summary.ts';
import { runBatch, type BatchProgress } from '../sweep/batch.ts';
import type { Executor, RunTask } from '../sweep/task.ts';
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

export function outcomeOf(name: string, r: ReplicationResult): Outcome {
  const s = summarize(name, [r]) as ReturnType<typeof summarize> & { limited_by?: Cause[] };
  return {
    completed: r.completed,
    failed: s.images.failed,
    makespan: r.completed ? r.makespan : NaN,
    ...(r.completed ? {} : { unfinished: unfinishedOf(r, s.images.submitted - s.images.completed - s.images.failed) }),
    cost: { ...r.cost },
    p95: s.latency_s.total.p95,
    gpuUtilization: r.gpu.mean_utilization,
    peakNodes: r.gpu.peak_nodes,
    ...(s.limited_by ? { limitedBy: s.limited_by } : {}),
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

export class Evaluator {
  readonly outcomes = new Map<number, Outcome[]>();
  /** Runs spent, by phase of the search. */
  readonly spent: Record<string, number> = {};
  runs = 0;

  /**
   * `goal`: the runs stop where their verdict on it is settled: cut at the deadline (cutAt), or earlier
   * once they can no longer meet the deadline or the budget (settleRuleOf). Without it every replication
   * runs to its own time limit.
   */
  constructor(private readonly executor: Executor, private readonly progress?: (phase: string) => BatchProgress | undefined, private readonly goal?: Goal) {}

  of(c: Candidate): Outcome[] {
    return this.outcomes.get(c.index) ?? [];
  }

  /** Brings every candidate listed to at least `reps` replications, in one batch. */
  async ensure(cands: readonly Candidate[], reps: number, phase: string): Promise<void> {
    const tasks: RunTask[] = [];
    const owner: Candidate[] = [];
    for (const c of cands) {
      const have = this.of(c).length;
      if (have >= reps) continue;
      for (const seed of deriveReplicationSeeds(c.scenario.config.seed, reps).slice(have)) {
        const g = this.goal;
        tasks.push(g ? { config: cutAt(c.scenario.config, g.deadline_s), seed, detail: 'summary', settle: settleRuleOf(c.scenario.config, g) } : { config: c.scenario.config, seed, detail: 'summary' });
        owner.push(c);
      }
    }
    const got = await this.runTasks(tasks, owner, phase);
    got.forEach((o, i) => {
      const c = owner[i]!;
      const list = this.outcomes.get(c.index) ?? [];
      list.push(o);
      this.outcomes.set(c.index, list);
    });
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
    const got = await this.runTasks(tasks, owner, phase);
    got.forEach((o, i) => { this.outcomes.get(owner[i]!.index)![slot[i]!] = o; });
  }

  private async runTasks(tasks: RunTask[], owner: Candidate[], phase: string): Promise<Outcome[]> {
    if (tasks.length === 0) return [];
    // each result is read into an Outcome as it arrives (runBatch would hold every result's columns at once)
    const got = new Array<Outcome>(tasks.length);
    const reading: Executor = {
      run: async (task, onProgress) => {
        const i = tasks.indexOf(task);
        got[i] = outcomeOf(owner[i]!.scenario.config.name, await this.executor.run(task, onProgress));
        return undefined as unknown as ReplicationResult;
      },
      close: async () => {},
    };
    await runBatch(tasks, reading, this.progress?.(phase));
    this.runs += tasks.length;
    this.spent[phase] = (this.spent[phase] ?? 0) + tasks.length;
    return got;
  }
}
