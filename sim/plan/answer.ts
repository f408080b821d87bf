/**
 * The plan's answer (the `plan --json` contract, ../shared/architecture.md): the recommendation,
 * the Pareto front of makespan vs cost, the nearest misses, and where the runs went; and the
 * candidate table (candidates.csv: one row per configuration).
 */
import { replicationStat, type Stat } from '../results/statistics.ts';
import type { Cause, Outcome } from './evaluate.ts';
import { meetsGoal } from './evaluate.ts';
import type { Candidate, Goal, Plan } from './load.ts';
import { lowerBound95, wilson, type Odds } from './odds.ts';
import { limitedBy, whatWouldHelp } from './reasons.ts';
import { costBound } from './bounds.ts';
import { checkMonotone, type MonotoneCheck } from './monotone.ts';
import { feasible, leader, looksOf } from './race.ts';
import type { SearchResult, SkipKind } from './search.ts';
import { canStillMeet } from './odds.ts';
import { TIE_ERROR } from './tie.ts';

/**
 * One evaluated candidate. Where a replication did not finish (cut at the deadline, or out of events),
 * the makespan and cost are not known, only that the run takes longer than the cut: makespan_s and
 * cost_usd are then null and `unfinished` says how many replications and where they were cut.
 */
/**
 * The share of replications meeting the goal (what the rule compares with the confidence: search.ts
 * `feasible`), its Wilson 95% interval, and the exact one-sided 95% lower bound on the probability
 * (Clopper-Pearson; 0.05^(1/n) when all n meet), which is what the replications show about the odds.
 */
export interface MeetOdds extends Odds { lower_bound_95: number }

export interface CandidateAnswer {
  settings: Record<string, unknown>;
  makespan_s: Stat | null;
  cost_usd: Stat | null;
  unfinished?: { replications: number; above_s: number | null };
  p_meets_goal: MeetOdds;
  limited_by: Cause[];
  would_help: string[];
  replications: number;
}

/** A candidate every replication of which finished: the recommendation and the Pareto front. */
export interface FinishedAnswer extends CandidateAnswer { makespan_s: Stat; cost_usd: Stat }

export interface Miss extends CandidateAnswer { lacks: string[] }

/**
 * How a candidate left the race: the recommendation (raced to the cap); tied with it (the tie rule);
 * missed (more misses than the confidence allows at the cap); at the cap but dearer on average; or
 * dropped as dearer than the leader of the moment by more than the cost tolerance on every seed they shared.
 */
export type RaceExit = 'recommended' | 'tied' | 'missed' | 'cap' | 'dearer';

export interface RaceEntry {
  settings: Record<string, unknown>;
  replications: number;
  /** Runs of this candidate asked for by the race (its others came from the bisection and the scan). */
  race_runs: number;
  left: RaceExit;
  /** For a tied candidate, its test against the recommendation (sim/plan/tie.ts), on `replications` shared seeds. */
  tie?: { replications: number; saving_usd: number; upper_usd: number; level: number };
}

/** Where the race's runs went, and its tie rule with the rule's guarantee (sim/plan/tie.ts). */
export interface RaceAnswer {
  runs: number;
  cost_tolerance: number;
  /** The replication counts at which ties are tested (none: the rule is off or the cap is 4 or less). */
  looks: number[];
  /** One-sided level of each look's test: error_rate / looks. */
  level_per_look: number;
  /** Per tied candidate: the most probability of leaving one tied that is in truth more than the tolerance cheaper than the recommendation. */
  error_rate: number;
  /** How a tie was broken: in words, for the reader. */
  tie_break: string;
  candidates: RaceEntry[];
}

export interface PlanAnswer {
  plan: string;
  goal: Goal;
  feasible: boolean;
  recommendation: FinishedAnswer | null;
  pareto: FinishedAnswer[];
  nearest_misses: Miss[];
  /** `skipped_by`: below a count that misses (monotone), past the window, or by the branch and bound's cost bound. */
  candidates: { total: number; pruned: number; evaluated: number; skipped: number; skipped_by: Record<SkipKind, number> };
  /** The bisection's assumption checked on the evaluated counts (monotone.ts). */
  monotonicity: MonotoneCheck;
  race: RaceAnswer;
  runs: number;
  runs_by_phase: Record<string, number>;
  /**
   * Runs started on idle workers ahead of the search (sim/plan/evaluate.ts) and how many of them it then
   * used (counted in `runs` too). Like wall_s, these depend on the worker count; nothing else does.
   */
  speculated: { runs: number; used: number };
  wall_s: number;
}

const meetOdds = (k: number, n: number): MeetOdds => ({ ...wilson(k, n), lower_bound_95: lowerBound95(k, n) });

function answerOf(c: Candidate, os: Outcome[], g: Goal): CandidateAnswer {
  const cut = os.filter((o) => o.unfinished);
  const above = cut.map((o) => o.unfinished!.above_s);
  return {
    settings: c.settings,
    makespan_s: cut.length ? null : replicationStat(os.map((o) => o.makespan)),
    cost_usd: cut.length ? null : replicationStat(os.map((o) => o.cost.total)),
    ...(cut.length ? { unfinished: { replications: cut.length, above_s: above.includes(null) ? null : Math.min(...(above as number[])) } } : {}),
    p_meets_goal: meetOdds(os.filter((o) => meetsGoal(o, g)).length, os.length),
    limited_by: limitedBy(c.scenario.config, os),
    would_help: whatWouldHelp(c.scenario.config, os),
    replications: os.length,
  };
}

/** Non-dominated in (mean makespan, mean cost): nothing else is as fast and as cheap and better in one. */
export function paretoFront<T extends { makespan_s: Stat; cost_usd: Stat }>(xs: T[]): T[] {
  const front = xs.filter((a) => !xs.some((b) => b !== a && b.makespan_s.mean <= a.makespan_s.mean && b.cost_usd.mean <= a.cost_usd.mean && (b.makespan_s.mean < a.makespan_s.mean || b.cost_usd.mean < a.cost_usd.mean)));
  return front.sort((a, b) => a.makespan_s.mean - b.makespan_s.mean);
}

/** What a miss lacks, in the goal's own terms. */
function lacks(a: CandidateAnswer, os: Outcome[], g: Goal): string[] {
  const out: string[] = [];
  // unfinished replications, by how they stopped
  const ways = new Map<string, Outcome[]>();
  for (const o of os.filter((x) => x.unfinished)) {
    const u = o.unfinished!;
    const how = u.settled?.kind === 'time' ? `could no longer finish by the deadline of ${g.deadline_s} s and were stopped early (makespan > ${g.deadline_s} s)`
      : u.settled?.kind === 'cost' ? `had spent more than the budget of $${g.budget_usd} and were stopped early`
      : u.above_s === null ? 'did not finish (no capacity left to process the rest)'
      : `were unfinished at the deadline of ${g.deadline_s} s and were cut there (makespan > ${g.deadline_s} s)`;
    ways.set(how, [...(ways.get(how) ?? []), o]);
  }
  for (const [how, cut] of ways) {
    const left = Math.round(cut.reduce((s, o) => s + o.unfinished!.left, 0) / cut.length);
    out.push(`${cut.length} of ${os.length} replications ${how}, ${left} images left on average`);
  }
  const late = os.filter((o) => !o.unfinished && o.makespan > g.deadline_s).length;
  if (late) out.push(`${late} of ${os.length} replications miss the deadline of ${g.deadline_s} s${a.makespan_s ? ` (mean makespan ${a.makespan_s.mean.toFixed(0)} s)` : ''}`);
  const failed = os.filter((o) => o.failed > 0).length;
  if (failed) out.push(`${failed} of ${os.length} replications have failed images (gRPC retries exhausted)`);
  // a cut replication's cost is what it had spent by the cut: over the budget there, over it at the end
  const dear = os.filter((o) => o.cost.total > g.budget_usd).length;
  if (dear) out.push(`${dear} of ${os.length} replications exceed the budget of $${g.budget_usd}${a.cost_usd ? ` (mean cost $${a.cost_usd.mean.toFixed(2)})` : ''}`);
  if (g.latency_p95_s !== undefined) {
    const slow = os.filter((o) => o.p95 > g.latency_p95_s!).length;
    if (slow) out.push(`${slow} of ${os.length} replications miss the p95 latency SLO of ${g.latency_p95_s} s`);
  }
  return out;
}

export function planAnswer(plan: Plan, r: SearchResult, wall_s: number): PlanAnswer {
  const ev = r.evaluator;
  const evaluated = plan.candidates.filter((c) => r.status[c.index]!.kind === 'evaluated');
  // the search's cheapest: the candidates it left tied with it do not compete on their fewer seeds
  const tiedOut = new Set((r.ties ?? []).map((t) => t.index));
  const best = leader(evaluated.filter((c) => !tiedOut.has(c.index)), (c) => ev.of(c), plan);
  const answers = new Map(evaluated.map((c) => [c.index, answerOf(c, ev.of(c), plan.goal)]));
  const misses = evaluated
    .filter((c) => !feasible(ev.of(c), plan))
    .map((c) => ({ ...answers.get(c.index)!, lacks: lacks(answers.get(c.index)!, ev.of(c), plan.goal) }))
    .sort((a, b) => b.p_meets_goal.estimate - a.p_meets_goal.estimate || (a.cost_usd?.mean ?? Infinity) - (b.cost_usd?.mean ?? Infinity))
    .slice(0, 5);
  return {
    plan: plan.name,
    goal: plan.goal,
    feasible: best !== undefined,
    recommendation: best ? (answers.get(best.index)! as FinishedAnswer) : null,
    // the front compares means, so only candidates with at least the initial replications (the same
    // first seeds) take part: a probe run once on a lucky seed would look faster than it is; and only
    // those whose every replication finished (a cut one's makespan is only known to exceed the deadline)
    pareto: paretoFront([...answers.values()].filter((a): a is FinishedAnswer => a.replications >= plan.replications.initial && a.makespan_s !== null && a.cost_usd !== null)),
    nearest_misses: best ? [] : misses.length ? misses : prunedMisses(plan, r),
    candidates: {
      total: plan.candidates.length,
      pruned: r.status.filter((s) => s.kind === 'pruned').length,
      evaluated: evaluated.length,
      skipped: r.status.filter((s) => s.kind === 'skipped').length,
      skipped_by: skippedBy(r),
    },
    monotonicity: checkMonotone(r.groups, (c) => ev.of(c), plan.goal),
    race: raceAnswer(plan, r, evaluated, best),
    runs: ev.runs,
    runs_by_phase: { ...ev.spent },
    speculated: { ...ev.speculated },
    wall_s,
  };
}

/** The race's candidates (those it ran, the recommendation and the tied), in search order, each with how it left. */
function raceAnswer(plan: Plan, r: SearchResult, evaluated: Candidate[], best: Candidate | undefined): RaceAnswer {
  const ev = r.evaluator;
  const looks = looksOf(plan);
  const ties = new Map((r.ties ?? []).map((t) => [t.index, t]));
  const { cap } = plan.replications;
  const raceRuns = (c: Candidate) => ev.spentOn.get(c.index)?.race ?? 0;
  const candidates = evaluated.filter((c) => c === best || ties.has(c.index) || raceRuns(c) > 0).map((c): RaceEntry => {
    const os = ev.of(c);
    const tie = ties.get(c.index)?.test;
    const missed = !canStillMeet(os.filter((o) => !meetsGoal(o, plan.goal)).length, cap, plan.goal.confidence);
    const left: RaceExit = c === best ? 'recommended' : tie ? 'tied' : missed ? 'missed' : os.length >= cap ? 'cap' : 'dearer';
    return {
      settings: c.settings, replications: os.length, race_runs: raceRuns(c), left,
      ...(tie ? { tie: { replications: tie.n, saving_usd: tie.saving_usd, upper_usd: tie.upper_usd, level: tie.level } } : {}),
    };
  });
  return {
    runs: ev.spent.race ?? 0,
    cost_tolerance: plan.goal.cost_tolerance,
    looks,
    level_per_look: looks.length ? TIE_ERROR / looks.length : 0,
    error_rate: looks.length ? TIE_ERROR : 0,
    tie_break: 'the leader is kept: the cheapest by mean cost among the feasible candidates with the most replications, raced to the cap; a tied candidate is run no further',
    candidates,
  };
}

/** When the bounds pruned everything: the candidates with the least cost bound among them, each with its bound's reason (certain, so odds 0). */
function prunedMisses(plan: Plan, r: SearchResult): Miss[] {
  return plan.candidates
    .flatMap((c) => {
      const s = r.status[c.index]!;
      return s.kind === 'pruned' ? [{ c, s, bound: costBound(c.scenario.config) }] : [];
    })
    .sort((a, b) => a.bound - b.bound || a.c.index - b.c.index)
    .slice(0, 5)
    .map(({ c, s }) => ({
      settings: c.settings, makespan_s: null, cost_usd: null, p_meets_goal: { estimate: 0, ci95: [0, 0] as [number, number], lower_bound_95: 0 },
      limited_by: [], would_help: [], replications: 0, lacks: [`pruned without a run: ${s.kind === 'pruned' ? s.reason.detail : ''}`],
    }));
}

function skippedBy(r: SearchResult): Record<SkipKind, number> {
  const out: Record<SkipKind, number> = { monotone: 0, window: 0, bound: 0, 'not run': 0 };
  for (const s of r.status) if (s.kind === 'skipped') out[s.by]++;
  return out;
}

const csvCell = (v: unknown) => {
  const t = v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v)) ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** candidates.csv: every searched setting as a column (named by its path), then the statistics, status and runs. */
export function candidatesCsv(plan: Plan, r: SearchResult): string {
  const head = [...plan.axes.map((a) => a.path), 'status', 'reason', 'cost_bound_usd', 'replications', 'unfinished', 'makespan_s.mean', 'makespan_s.ci95_lo', 'makespan_s.ci95_hi', 'cost_usd.mean', 'cost_usd.ci95_lo', 'cost_usd.ci95_hi', 'p_meets_goal', 'p_meets_goal.ci95_lo', 'p_meets_goal.ci95_hi'];
  const rows = plan.candidates.map((c) => {
    const s = r.status[c.index]!;
    const os = r.evaluator.of(c);
    const reason = s.kind === 'pruned' ? `${s.reason.cause}: ${s.reason.detail}` : s.kind === 'skipped' ? `${s.by}: ${s.detail}` : '';
    const a = os.length ? answerOf(c, os, plan.goal) : undefined;
    return [
      ...plan.axes.map((ax) => c.settings[ax.path]),
      s.kind, reason, r.costBounds[c.index], os.length, a?.unfinished?.replications ?? (a ? 0 : undefined),
      a?.makespan_s?.mean, a?.makespan_s?.ci95[0], a?.makespan_s?.ci95[1],
      a?.cost_usd?.mean, a?.cost_usd?.ci95[0], a?.cost_usd?.ci95[1],
      a?.p_meets_goal.estimate, a?.p_meets_goal.ci95[0], a?.p_meets_goal.ci95[1],
    ].map(csvCell).join(',');
  });
  return [head.map(csvCell).join(','), ...rows].join('\n') + '\n';
}
