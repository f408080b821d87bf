/**
 * How well common random numbers pair two candidates: each candidate of a plan run on the plan's
 * replication seeds (one after another in this thread), with chosen settings on top (e.g. preemption off),
 * then per pair of candidates the paired (same seed) cost differences: mean, sd, and the correlation of the
 * two candidates' costs. A plan with one random source switched off in its overrides (e.g.
 * cluster.preemption.model: none) shows how much of the unpaired spread that source causes.
 *
 *   tsx test/bench/planPairs.ts PLAN.yaml REPLICATIONS
 *
 * Prints one JSON line per candidate ({settings, costs, makespans}) and one per pair on stdout.
 */
import { deriveReplicationSeeds } from '../../sim/engine/rng.ts';
import { readPlan } from '../../sim/plan/load.ts';
import { executeTask } from '../../sim/sweep/task.ts';

const [file, reps] = process.argv.slice(2);
if (!file || !reps) throw new Error('usage: tsx test/bench/planPairs.ts PLAN.yaml REPLICATIONS');
const plan = readPlan(file);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const rows = plan.candidates.map((c) => {
  const config = c.scenario.config;
  const seeds = deriveReplicationSeeds(config.seed, Number(reps));
  const runs = seeds.map((seed) => executeTask({ config, seed, detail: 'summary' }));
  const row = {
    settings: c.settings, costs: runs.map((r) => r.cost.total), makespans: runs.map((r) => r.makespan),
    gpu_costs: runs.map((r) => r.cost.gpu_nodes), cpu_costs: runs.map((r) => r.cost.cpu_nodes), peak_gpu_nodes: runs.map((r) => r.gpu.peak_nodes),
  };
  process.stdout.write(JSON.stringify(row) + '\n');
  return row;
});
for (let i = 0; i < rows.length; i++) {
  for (let j = i + 1; j < rows.length; j++) {
    const a = rows[i]!.costs;
    const b = rows[j]!.costs;
    const d = a.map((x, k) => x - b[k]!);
    const r = mean(a.map((x, k) => (x - mean(a)) * (b[k]! - mean(b)))) * (a.length / (a.length - 1)) / (sd(a) * sd(b));
    process.stdout.write(JSON.stringify({ a: rows[i]!.settings, b: rows[j]!.settings, mean_diff: mean(d), sd_diff: sd(d), sd_a: sd(a), sd_b: sd(b), r }) + '\n');
  }
}
