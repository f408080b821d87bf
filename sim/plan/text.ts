/** The plan's answer for a person (stdout without --json). */
import type { Stat } from '../results/statistics.ts';
import type { CandidateAnswer, PlanAnswer } from './answer.ts';
import { replicationsToShow } from './odds.ts';

const ci = (s: Stat, f: (x: number) => string) => (!Number.isFinite(s.ci95[0]) || !Number.isFinite(s.ci95[1]) ? f(s.mean) : `${f(s.mean)} [${f(s.ci95[0])}, ${f(s.ci95[1])}]`);
const hours = (x: number) => `${(x / 3600).toFixed(2)} h`;
const usd = (x: number) => `$${x.toFixed(2)}`;
const settings = (c: CandidateAnswer) => Object.entries(c.settings).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
const odds = (c: CandidateAnswer) => `${(100 * c.p_meets_goal.estimate).toFixed(0)}% [${(100 * c.p_meets_goal.ci95[0]).toFixed(0)}%, ${(100 * c.p_meets_goal.ci95[1]).toFixed(0)}%]`;

/** A makespan, or what is known of it when replications were cut. */
export function makespanText(c: CandidateAnswer): string {
  if (c.makespan_s) return ci(c.makespan_s, hours);
  const u = c.unfinished;
  if (!u) return 'not run';
  const what = `${u.replications} of ${c.replications} replications`;
  return u.above_s === null ? `never (${what} ran out of work they could do)` : `> ${hours(u.above_s)} (${what} cut at the deadline or stopped once settled)`;
}

export function planText(a: PlanAnswer): string {
  const g = a.goal;
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const lines = [`plan ${a.plan}: ${g.images} images by ${hours(g.deadline_s)} within ${usd(g.budget_usd)} in at least ${pct(g.confidence)} of its replications (confidence ${g.confidence})`];
  const r = a.recommendation;
  if (r) {
    lines.push(`recommendation: ${settings(r)}`);
    lines.push(`  makespan ${ci(r.makespan_s, hours)}, cost ${ci(r.cost_usd, usd)} (95% CIs, ${r.replications} replications)`);
    const met = Math.round(r.p_meets_goal.estimate * r.replications);
    lines.push(`  meets the goal in ${met} of ${r.replications} replications: ${odds(r)} (Wilson 95% interval); the odds of meeting it are at least ${pct(r.p_meets_goal.lower_bound_95)} (one-sided 95%)${r.p_meets_goal.lower_bound_95 < g.confidence ? `; showing at least ${pct(g.confidence)} would take ${replicationsToShow(g.confidence)} replications all meeting it` : ''}`);
    for (const l of r.limited_by) lines.push(`  limited by ${l.cause}: ${l.detail}`);
    for (const h of r.would_help) lines.push(`  would help: ${h}`);
  } else {
    lines.push('nothing meets the goal; nearest misses:');
    for (const m of a.nearest_misses) lines.push(`  ${settings(m)}: makespan ${makespanText(m)}${m.cost_usd ? `, cost ${ci(m.cost_usd, usd)}` : ''}; ${m.lacks.join('; ')}`);
  }
  lines.push(`pareto front (makespan vs cost):`);
  // a mean over fewer seeds than the recommendation's is not comparable with it (the race line gives a
  // tied candidate's paired difference): say how many
  const most = r?.replications ?? 0;
  const over = (p: CandidateAnswer) => (p.replications < most ? ` (${p.replications} replications: means over its own seeds)` : '');
  for (const p of a.pareto) lines.push(`  ${settings(p)}: ${ci(p.makespan_s, hours)}, ${ci(p.cost_usd, usd)}, meets ${odds(p)}${over(p)}; ${p.limited_by.map((l) => l.cause).join(', ')}`);
  const m = a.monotonicity;
  if (m.violations.length) {
    for (const v of m.violations.slice(0, 5)) lines.push(`  monotonicity violated (the bisection's assumption): ${Object.entries(v.settings).map(([k, x]) => `${k}=${JSON.stringify(x)}`).join(' ')}: max=${v.fewer} meets the deadline on replication ${v.replication + 1} and max=${v.more} misses it`);
    if (m.violations.length > 5) lines.push(`  ... ${m.violations.length - 5} more violations`);
  } else lines.push(`monotonicity: held on the ${m.compared} same-seed pairs of evaluated GPU counts`);
  lines.push(...raceText(a));
  const c = a.candidates;
  const by = c.skipped_by;
  lines.push(`candidates: ${c.total} (${c.pruned} pruned by bounds, ${c.skipped} skipped: ${by.monotone} below a count that misses, ${by.window} past the window, ${by.bound} by the cost bound; ${c.evaluated} simulated); runs: ${a.runs} (${Object.entries(a.runs_by_phase).map(([k, v]) => `${k} ${v}`).join(', ')})${a.speculated.runs ? `, ${a.speculated.runs} started ahead on idle workers (${a.speculated.used} of them used)` : ''}; ${a.wall_s.toFixed(1)} s`);
  return lines.join('\n') + '\n';
}

/** Settings that differ from the recommendation's (all of them when there is none). */
const differing = (x: Record<string, unknown>, r: Record<string, unknown> | undefined) => {
  const keys = Object.keys(x).filter((k) => !r || JSON.stringify(x[k]) !== JSON.stringify(r[k]));
  if (!keys.length) return 'the recommendation';
  return keys.map((k) => `${k}=${JSON.stringify(x[k])}`).join(' ');
};

/** The race: its runs, each candidate's replications and how it left, and the tie rule's guarantee. */
export function raceText(a: PlanAnswer): string[] {
  const race = a.race;
  if (race.candidates.length === 0) return [];
  const pct = (x: number) => `${+(100 * x).toFixed(2)}%`;
  const r = a.recommendation?.settings;
  const how = (e: PlanAnswer['race']['candidates'][number]) => {
    if (e.left === 'tied' && e.tie) {
      const t = e.tie;
      return `tied: ${t.saving_usd >= 0 ? `${usd(t.saving_usd)} cheaper` : `${usd(-t.saving_usd)} dearer`} on average on ${t.replications} shared seeds, shown not more than ${pct(race.cost_tolerance)} cheaper (one-sided ${pct(1 - t.level)})`;
    }
    return { recommended: 'recommended', missed: 'missed the goal', cap: 'dearer at the cap', dearer: `dearer than the leader of the time by more than ${pct(race.cost_tolerance)} on every shared seed`, tied: 'tied' }[e.left];
  };
  const out = [`race: ${race.runs} runs; ${race.candidates.map((e) => `${differing(e.settings, r)}: ${e.replications} replications (${e.race_runs} raced), ${how(e)}`).join('; ')}`];
  if (race.looks.length) {
    out.push(`  tie rule: from ${race.looks[0]} shared replications a candidate stops racing once shown (paired by seed, one-sided ${pct(1 - race.level_per_look)} at each of ${race.looks.length} looks: ${race.looks.join(', ')}) not to be more than ${pct(race.cost_tolerance)} cheaper than the cheapest; a tie keeps the cheapest on its replications; a candidate in truth more than ${pct(race.cost_tolerance)} cheaper than the recommendation is left tied with probability at most ${pct(race.error_rate)} (goal.cost_tolerance; 0 turns the rule off)`);
  }
  return out;
}
