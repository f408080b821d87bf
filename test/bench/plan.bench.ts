/**
 * Benchmark: the headline plan (scenarios/plans/headline.plan.yaml, or the file given): 10^6
 * images, deadline 4 h, budget $100, the GPU types listed in the plan file (V100 only until the GPU
 * catalogue lands) x GPU max 1..32 x preemptible or not x 1 or 2 zones. The target is a
 * recommendation with its odds in at most 5 minutes on a 2-core machine.
 * Prints the plan's text answer on stderr and one JSON line on stdout:
 * {"name","candidates","pruned","skipped","evaluated","runs","runs_by_phase","wall_s","feasible","recommendation"}.
 *
 *   tsx test/bench/plan.bench.ts [plan.yaml] [jobs]
 */
import { availableParallelism } from 'node:os';
import { readPlan } from '../../sim/plan/load.ts';
import { runPlan } from '../../sim/plan/plan.ts';
import { planText } from '../../sim/plan/text.ts';
import { makeExecutor } from '../../sim/sweep/executor.ts';

const file = process.argv[2] ?? 'scenarios/plans/headline.plan.yaml';
const jobs = Number(process.argv[3] ?? availableParallelism());
const t0 = performance.now();
const plan = readPlan(file);
const executor = await makeExecutor({ jobs, log: (l) => process.stderr.write(`${l}\n`) }, plan.candidates.length);
try {
  const { answer } = await runPlan(plan, executor);
  process.stderr.write(planText(answer));
  process.stdout.write(JSON.stringify({
    name: 'plan', file, candidates: answer.candidates.total, pruned: answer.candidates.pruned, skipped: answer.candidates.skipped,
    evaluated: answer.candidates.evaluated, runs: answer.runs, runs_by_phase: answer.runs_by_phase,
    wall_s: (performance.now() - t0) / 1000, feasible: answer.feasible, recommendation: answer.recommendation?.settings ?? null,
  }) + '\n');
} finally {
  await executor.close();
}
