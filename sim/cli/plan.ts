/**
 * `kiosk-sim plan PLAN.yaml [--json] [--out DIR] [-j N | --redis URL]`: the cheapest cluster that
 * meets a deadline and budget (sim/plan). Exit 3 when nothing is feasible; exit 2 for a bad plan file.
 */
import type { Argv, CommandModule } from 'yargs';
import { readPlan } from '../plan/load.ts';
import { planJsonSchema } from '../plan/schema.ts';
import { PLAN_DIR, runPlan, writePlanDir } from '../plan/plan.ts';
import { planText } from '../plan/text.ts';
import { checkSweepDir } from '../sweep/outDir.ts';
import { checkJobs, makeExecutor } from '../sweep/executor.ts';
import { stderrProgress } from '../sweep/progress.ts';
import { UserError } from './errors.ts';

interface PlanArgs { file?: string; schema: boolean; json: boolean; out?: string; jobs?: number; redis?: string }

export const planCommand: CommandModule<object, PlanArgs> = {
  command: 'plan [file]',
  describe: 'Find the cheapest configuration that meets a deadline and budget, with its odds, the Pareto front and what limits it',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: 'plan YAML file (scenarios/plans/*.plan.yaml)' })
      .option('schema', { type: 'boolean', default: false, describe: 'print the plan file JSON Schema and exit' })
      .option('json', { type: 'boolean', default: false, describe: 'print the answer as one JSON object on stdout' })
      .option('out', { type: 'string', describe: 'write plan.json, candidates.csv and report.html to this directory (new, empty, or a previous plan\'s)' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: the available cores)' })
      .option('redis', { type: 'string', describe: 'run on BullMQ workers at this Redis instead of locally' }) as unknown as Argv<PlanArgs>,
  handler: async (a) => {
    if (a.schema) {
      process.stdout.write(JSON.stringify(planJsonSchema(), null, 2) + '\n');
      return;
    }
    if (!a.file) throw new UserError('plan: name a plan file (e.g. scenarios/plans/headline.plan.yaml), or give --schema');
    if (a.redis && a.jobs !== undefined) throw new UserError('plan: give either -j N (threads here) or --redis URL (BullMQ workers), not both');
    if (!a.redis) checkJobs(a.jobs);
    const plan = readPlan(a.file);
    if (a.out) checkSweepDir(a.out, PLAN_DIR);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(`plan ${plan.name}: ${plan.candidates.length} candidates`);
    const executor = await makeExecutor({ jobs: a.jobs, redis: a.redis, log }, plan.candidates.length * plan.replications.initial);
    let out;
    try {
      out = await runPlan(plan, executor, (phase) => stderrProgress(`plan ${phase}`));
    } finally {
      await executor.close();
    }
    if (a.out) {
      const { paretoSpec } = await import('../../reports/charts/pareto.ts');
      const { specToSvg } = await import('../../reports/render/svg.ts');
      await writePlanDir(a.out, out.answer, out.csv, await specToSvg(paretoSpec(out.answer)));
    }
    process.stdout.write(a.json ? JSON.stringify(out.answer) + '\n' : planText(out.answer));
    if (!out.answer.feasible) process.exitCode = 3;
  },
};
