/**
 * Benchmark: the headline plan (scenarios/plans/headline.plan.yaml, or the file given): 10^6
 * images, deadline 4 h, budget $100, the GPU types listed in the plan file (T4, V100, A100, L4) x GPU
 * max 1..32 x preemptible or not x 1 or 2 zones. The target is a recommendation with its odds in at
 * most 5 minutes on a 2-core machine. On a shared machine the wall clock says little, so the CPU time
 * of the process (every worker thread) is reported too: cpu_s / 2 is the wall it needs on 2 idle cores.
 * Prints the plan's text answer and each phase's batches on stderr and one JSON line on stdout:
 * {"name","candidates","pruned","skipped","skipped_by","evaluated","runs","runs_by_phase","speculated","read_s","wall_s","cpu_s","feasible","recommendation","p_meets_goal"}.
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
const cpu0 = process.cpuUsage();
const plan = readPlan(file);
const read_s = (performance.now() - t0) / 1000;
const executor = await makeExecutor({ jobs, log: (l) => process.stderr.write(`${l}\n`) }, plan.candidates.length);
try {
  const { answer } = await runPlan(plan, executor, (phase) => {
    const at = (performance.now() - t0) / 1000;
    process.stderr.write(`${at.toFixed(0)} s: ${phase}\n`);
    return undefined;
  });
  const cpu = process.cpuUsage(cpu0);
  process.stderr.write(planText(answer));
  process.stdout.write(JSON.stringify({
    name: 'plan', file, candidates: answer.candidates.total, pruned: answer.candidates.pruned, skipped: answer.candidates.skipped,
    skipped_by: answer.candidates.skipped_by, evaluated: answer.candidates.evaluated, runs: answer.runs, runs_by_phase: answer.runs_by_phase, speculated: answer.speculated,
    read_s, wall_s: (performance.now() - t0) / 1000, cpu_s: (cpu.user + cpu.system) / 1e6, feasible: answer.feasible,
    recommendation: answer.recommendation?.settings ?? null, p_meets_goal: answer.recommendation?.p_meets_goal ?? null,
  }) + '\n');
} finally {
  await executor.close();
}
