import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { loadScenario } from '../scenario/load.ts';
import { summarize, type RunSummary } from '../results/summary.ts';
import { writeRunDirectory } from '../results/write.ts';
import { consoleTable } from '../results/table.ts';
import { scenarioMeta } from '../results/meta.ts';
// sweeps issue: files x replications run as one batch on worker threads (-j) or BullMQ (--redis)
import { runBatch } from '../sweep/batch.ts';
import { checkJobs, makeExecutor } from '../sweep/executor.ts';
import { stderrProgress } from '../sweep/progress.ts';
import { groupByScenario, replicationTasks } from '../sweep/replications.ts';
import { UserError } from './errors.ts';

interface RunArgs {
  files: string[];
  seed?: number;
  replications?: number;
  set: string[];
  out?: string;
  json: boolean;
  report: boolean;
  jobs?: number;
  redis?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <files..>',
  describe: 'Simulate one or more scenario files',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .option('seed', { type: 'number', describe: 'override the scenario seed' })
      .option('replications', { alias: 'r', type: 'number', describe: 'override the number of replications' })
      .option('set', { type: 'string', array: true, default: [], describe: 'override a setting: --set path=value (repeatable)' })
      .option('out', { type: 'string', describe: 'write summary.json, images.csv, timeseries.csv, events.csv here' })
      .option('json', { type: 'boolean', default: false, describe: 'print only the JSON summary on stdout' })
      .option('report', { type: 'boolean', default: false, describe: 'also write the report (charts, report.html) into the output directory' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'run files x replications on this many worker threads (default: the available cores); results do not depend on it' })
      .option('redis', { type: 'string', describe: 'run on BullMQ workers (kiosk-sim worker) at this Redis URL instead of locally' }) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    // load and validate every file first: a mistake in the last file must not cost the first run
    const overrides = [...args.set];
    if (args.seed !== undefined) overrides.push(`seed=${args.seed}`);
    if (args.replications !== undefined) overrides.push(`replications=${args.replications}`);
    const scenarios = args.files.map((f) => ({ file: f, ...loadScenario(f, overrides) }));
    if (args.redis && args.jobs !== undefined) throw new UserError('run: give either -j N (threads here) or --redis URL (BullMQ workers), not both');
    if (!args.redis) checkJobs(args.jobs);
    // without --out only the summary is needed: runs send back just what summarize reads
    const tasks = replicationTasks(scenarios, args.out ? 'full' : 'summary');
    const executor = await makeExecutor({ jobs: args.jobs, redis: args.redis, log: (l) => process.stderr.write(`${l}\n`) }, tasks.length);
    let results;
    try {
      results = await runBatch(tasks, executor, stderrProgress('run'));
    } finally {
      await executor.close();
    }
    const groups = groupByScenario(scenarios, results);
    const summaries: RunSummary[] = [];
    for (const [i, s] of scenarios.entries()) {
      const reps = groups[i]!;
      const summary = summarize(s.config.name, reps, scenarioMeta(s.config));
      summaries.push(summary);
      if (!args.json) process.stdout.write(consoleTable(summary) + '\n');
      if (args.out) {
        const dir = scenarios.length > 1 ? path.join(args.out, s.config.name) : args.out;
        await writeRunDirectory(dir, summary, reps, s.resolved);
        if (!args.json) process.stdout.write(`results: ${dir}\n`);
        if (args.report) {
          const { writeReport } = await import('../../reports/index.ts');
          const { html } = await writeReport([dir], path.join(dir, 'report'));
          if (!args.json) process.stdout.write(`report: ${html}\n`);
        }
      }
      if (!args.json) process.stdout.write('\n');
    }
    if (args.json) process.stdout.write(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries) + '\n');
  },
};
