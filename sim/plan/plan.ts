/** A plan from file to answer: read (every mistake before any run), search, answer; and its output directory. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeSweepDir, type DirKind } from '../sweep/outDir.ts';
import { RunPool } from '../sweep/pool.ts';
import type { Executor } from '../sweep/task.ts';
import type { BatchProgress } from '../sweep/batch.ts';
import { candidatesCsv, planAnswer, type PlanAnswer } from './answer.ts';
import { Evaluator, type OutcomeSource } from './evaluate.ts';
import type { Plan } from './load.ts';
import { reportHtml } from './report.ts';
import { search } from './search.ts';

/**
 * `slots`: workers that may take speculative runs (Evaluator); by default a local run pool's threads, none
 * for other executors (BullMQ workers are not counted here; one thread has no idle worker).
 */
export async function runPlan(plan: Plan, executor: Executor | OutcomeSource, progress?: (phase: string) => BatchProgress | undefined, slots = executor instanceof RunPool ? executor.size : 0): Promise<{ answer: PlanAnswer; csv: string }> {
  const t0 = performance.now();
  const result = await search(plan, new Evaluator(executor, progress, plan.goal, slots));
  const answer = planAnswer(plan, result, (performance.now() - t0) / 1000);
  return { answer, csv: candidatesCsv(plan, result) };
}

/**
 * A plan directory is written like a sweep's (all or nothing, never over a user's files) but has its own
 * marker: a sweep --out cannot replace a plan's results, nor a plan a sweep's.
 */
export const PLAN_DIR: DirKind = { marker: '.kiosk-sim-plan', tool: 'kiosk-sim plan', what: 'plan' };

/** DIR/plan.json, DIR/candidates.csv, DIR/report.html (and DIR/pareto.svg, rendered by the CLI). */
export async function writePlanDir(dir: string, answer: PlanAnswer, csv: string, chartSvg?: string): Promise<void> {
  await writeSweepDir(dir, async (tmp) => {
    writeFileSync(path.join(tmp, 'plan.json'), JSON.stringify(answer, null, 2) + '\n');
    writeFileSync(path.join(tmp, 'candidates.csv'), csv);
    if (chartSvg) writeFileSync(path.join(tmp, 'pareto.svg'), chartSvg);
    writeFileSync(path.join(tmp, 'report.html'), reportHtml(answer, csv, chartSvg));
  }, PLAN_DIR);
}
