/**
 * `kiosk-sim sweep FILE --grid path=v1,v2,... [--grid ...] [--set ...] [-r R] [-j N | --redis URL] --out DIR`
 * Every point of the grid's cartesian product run with R replications (the same seeds at every
 * point); writes DIR/sweep.csv and DIR/sweep.json (sim/sweep/table.ts), and with --keep runs a run
 * directory per point. Progress over all runs on stderr; stdout gets the output paths.
 */
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { makeExecutor, checkJobs } from '../sweep/executor.ts';
import { quietProgress, stderrProgress } from '../sweep/progress.ts';
import { checkSeedOverrides, parseSeed } from './seed.ts';
import { EXIT_CODES_HELP } from './exitCodes.ts';
import { prepareSweep, runSweep } from '../sweep/sweep.ts';
import { UserError } from './errors.ts';

interface SweepArgs {
  file: string;
  grid: string[];
  set: string[];
  seed?: string;
  quiet: boolean;
  replications?: number;
  jobs?: number;
  redis?: string;
  out: string;
  keep: string[];
  name?: string;
}

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <file>',
  describe: 'Run a scenario at every point of a grid of settings (cartesian product), on every core or on BullMQ workers',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('grid', { type: 'string', array: true, default: [], describe: 'a swept setting: --grid path=v1,v2,... or path=a..b (integers); repeatable, the product is run' })
      .option('set', { type: 'string', array: true, default: [], describe: 'override a setting at every point: --set path=value (repeatable)' })
      .option('seed', { type: 'string', describe: 'override the scenario seed (every point uses the same replication seeds)' })
      .option('replications', { alias: 'r', type: 'number', describe: 'replications per point' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: the available cores)' })
      .option('redis', { type: 'string', describe: 'run on BullMQ workers at this Redis (redis://[user:password@]host:port[/db]) instead of locally' })
      .option('out', { type: 'string', demandOption: true, describe: 'output directory: sweep.csv, sweep.json (new, empty, or a previous sweep\'s)' })
      .option('keep', { type: 'string', array: true, default: [], choices: ['runs'], describe: '"runs": also write each point\'s run directory (per-image CSVs included) under DIR/runs/' })
      .option('name', { type: 'string', describe: 'the sweep\'s name in sweep.json (default: the scenario name)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress on stderr' })
      .example('$0 sweep scenarios/examples/quick.yaml --grid cluster.pools.gpu.max=1,2,4 --out sweeps/gpus', '3 points')
      .example('$0 sweep s.yaml --grid cluster.pools.gpu.max=1..8 --grid workload.images=1000,10000 -r 3 --out sweeps/s', '8 x 2 points, 3 replications each')
      .example('$0 sweep s.yaml --grid cluster.pools.gpu.max=1..8 --redis redis://127.0.0.1:6379 --out sweeps/s', 'on BullMQ workers (kiosk-sim worker)')
      .epilogue(EXIT_CODES_HELP) as unknown as Argv<SweepArgs>,
  handler: async (a) => {
    const overrides = [...a.set];
    checkSeedOverrides(overrides);
    if (a.seed !== undefined) overrides.push(`seed=${parseSeed(a.seed, '--seed')}`);
    if (a.replications !== undefined) overrides.push(`replications=${a.replications}`);
    if (a.redis && a.jobs !== undefined) throw new UserError('sweep: give either -j N (threads here) or --redis URL (BullMQ workers), not both');
    if (!a.redis) checkJobs(a.jobs);
    const options = { file: a.file, grids: a.grid, overrides, out: a.out, keepRuns: a.keep.includes('runs'), name: a.name };
    const prepared = prepareSweep(options);
    const runs = prepared.scenarios.reduce((s, l) => s + l.replications, 0);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(`sweep ${prepared.name}: ${prepared.points.length} point${prepared.points.length === 1 ? '' : 's'} x replications = ${runs} runs`);
    const executor = await makeExecutor({ jobs: a.jobs, redis: a.redis, log }, runs);
    try {
      await runSweep(options, prepared, executor, a.quiet ? quietProgress : stderrProgress('sweep'));
    } finally {
      await executor.close();
    }
    process.stdout.write(`${path.join(a.out, 'sweep.csv')}\n${path.join(a.out, 'sweep.json')}\n`);
  },
};
