import { existsSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildTrace } from '../results/trace.ts';
import type { Argv, CommandModule } from 'yargs';
import { loadScenario } from '../scenario/load.ts';
import { summarize, type RunSummary } from '../results/summary.ts';
import { writeRunDirectory } from '../results/write.ts';
import { checkOutputLocation, planRunDirectories } from '../results/outputTarget.ts';
import { claimEntry } from '../results/runDirMarker.ts';
import { consoleTable } from '../results/table.ts';
import { runProvenance, scenarioMeta } from '../results/meta.ts';
// sweeps issue: files x replications run as one batch on worker threads (-j) or BullMQ (--redis)
import { runBatch } from '../sweep/batch.ts';
import { checkJobs, makeExecutor } from '../sweep/executor.ts';
import { quietProgress, stderrProgress } from '../sweep/progress.ts';
import { groupByScenario, onScenarioDone, replicationTasks } from '../sweep/replications.ts';
import { UserError } from './errors.ts';
import { checkSeedOverrides, parseSeed } from './seed.ts';
import { EXIT_CODES_HELP, RunNotMet } from './exitCodes.ts';
import { crossedThresholds, parseThreshold } from './thresholds.ts';
import { parseImageFileName, parseImageSelection } from '../results/imageSelection.ts';

/**
 * Where --trace writes, checked before anything runs: `--trace FILE` (one scenario file), or `--trace` with no
 * file and --out: trace.json in each run directory.
 */
function tracePlan(trace: string | undefined, files: number, out: string | undefined): ((i: number, dir: string | undefined) => string) | null {
  if (trace === undefined) return null;
  if (trace === '') {
    if (!out) throw new UserError('--trace: give a file (--trace run.trace.json), or --out DIR to write DIR/trace.json');
    return (_i, dir) => path.join(dir!, 'trace.json');
  }
  if (files > 1) throw new UserError(`--trace ${trace}: one trace file for ${files} scenario files; use --trace with --out DIR (DIR/NAME/trace.json each)`);
  const parent = path.dirname(checkOutputLocation(trace));
  if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new UserError(`--trace ${trace}: the directory ${parent} does not exist; create it or choose another path`);
  if (existsSync(trace) && statSync(trace).isDirectory()) throw new UserError(`--trace ${trace}: is a directory; give a file name such as run.trace.json`);
  return () => trace;
}

interface RunArgs {
  files: string[];
  seed?: string;
  'replication-seed'?: string;
  replications?: number;
  set: string[];
  out?: string;
  force: boolean;
  json: boolean;
  report: boolean;
  jobs?: number;
  redis?: string;
  quiet: boolean;
  'fail-if': string[];
  images: string;
  'images-file': string;
  trace?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <files..>',
  describe: 'Simulate one or more scenario files',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      // strings: a JavaScript number would round seeds above 2^53-1 before we could refuse them
      .option('seed', { type: 'string', describe: 'override the scenario seed (replication seeds are derived from it)' })
      .option('replication-seed', {
        type: 'string',
        describe: 'run exactly one replication with this seed, as listed in "seeds" of a summary: reproduces that replication of a multi-replication run',
      })
      .option('replications', { alias: 'r', type: 'number', describe: 'override the number of replications' })
      .option('set', { type: 'string', array: true, default: [], describe: 'override a setting: --set path=value (repeatable)' })
      .option('out', {
        type: 'string',
        describe: 'write summary.json, images.csv, timeseries.csv, events.csv here (a new or empty directory; several files: DIR/NAME each)',
      })
      .option('force', { type: 'boolean', default: false, describe: 'replace an earlier kiosk-sim run in --out (never a directory of other files)' })
      .option('json', { type: 'boolean', default: false, describe: 'print only the JSON summary on stdout' })
      .option('report', { type: 'boolean', default: false, describe: 'also write the report (charts, report.html) into the output directory' })
      .option('jobs', { alias: 'j', type: 'number', describe: 'run files x replications on this many worker threads (default: the available cores); results do not depend on it' })
      .option('redis', { type: 'string', describe: 'run on BullMQ workers (kiosk-sim worker) at this Redis URL instead of locally' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress on stderr' })
      .option('fail-if', {
        type: 'string', array: true, default: [],
        describe: "exit 3 when a summary metric crosses a threshold: 'makespan>4h', 'cost>100', 'throughput<50', 'p95 latency>10m' (repeatable; units as in scenarios)",
      })
      .option('images', { type: 'string', default: 'all', describe: 'per-image rows written with --out: all, sample:N (every k-th image, seed-independent) or none' })
      .option('images-file', { type: 'string', default: 'images.csv', describe: 'the per-image file: images.csv, or images.csv.gz to gzip it (about 3x smaller)' })
      .option('trace', {
        type: 'string',
        describe: 'write a Chrome/Perfetto trace (JSON) of the run to this file; with --out and no file, DIR/trace.json (images sampled, events capped)',
      })
      .conflicts('replication-seed', 'seed')
      .example('$0 run scenarios/examples/quick.yaml', 'one scenario, the summary table on stdout')
      .example('$0 run scenarios/examples/quick.yaml --seed 7 -r 5 --json', '5 replications, the JSON summary only')
      .example('$0 run a.yaml b.yaml --out runs/ --report', 'runs/<name>/ per file, with report.html')
      .example("$0 run scenarios/examples/quick.yaml --fail-if 'makespan>4h' --fail-if 'cost>100'", 'exit 3 when a threshold is crossed (CI)')
      .example('$0 run scenarios/examples/quick.yaml --trace quick.trace.json', 'open it in ui.perfetto.dev')
      .example('$0 run big.yaml --out runs/big --images sample:10000 --images-file images.csv.gz', 'a small run directory for 10^6 images')
      .epilogue(`A run that did not complete (time limit, event cap) still writes its results and exits 3. ${EXIT_CODES_HELP}`) as unknown as Argv<RunArgs>,
  handler: async (args) => {
    // check every input and every output directory first: a mistake must not cost a finished run
    const overrides = [...args.set];
    checkSeedOverrides(overrides);
    if (args.seed !== undefined) overrides.push(`seed=${parseSeed(args.seed, '--seed')}`);
    const replicationSeed = args['replication-seed'] === undefined ? undefined : parseSeed(args['replication-seed'], '--replication-seed');
    if (replicationSeed !== undefined && args.replications !== undefined && args.replications !== 1) {
      throw new UserError(`--replication-seed runs exactly one replication; drop -r ${args.replications} (or use --seed to derive ${args.replications} replications)`);
    }
    if (args.replications !== undefined) overrides.push(`replications=${args.replications}`);
    const thresholds = args['fail-if'].map(parseThreshold);
    const images = parseImageSelection(args.images);
    const imagesFile = parseImageFileName(args['images-file']);
    const traceFiles = tracePlan(args.trace, args.files.length, args.out);
    const scenarios = args.files.map((f) => ({ file: f, ...loadScenario(f, overrides) }));
    const dirs = args.out ? planRunDirectories(args.out, scenarios.map((s) => ({ file: s.file, name: s.config.name })), args.force) : [];
    if (args.redis && args.jobs !== undefined) throw new UserError('run: give either -j N (threads here) or --redis URL (BullMQ workers), not both');
    if (!args.redis) checkJobs(args.jobs);
    const batch = scenarios.map((s) => (replicationSeed === undefined ? s : { ...s, replications: 1, seeds: [replicationSeed] }));
    // without --out only the summary is needed: runs send back just what summarize reads
    const tasks = replicationTasks(batch, args.out || traceFiles ? 'full' : 'summary').map((t) => (traceFiles ? { ...t, trace: true } : t));
    const executor = await makeExecutor({ jobs: args.jobs, redis: args.redis, log: (l) => process.stderr.write(`${l}\n`) }, tasks.length);
    let results;
    // each scenario summarised as soon as its replications are in, while the workers run the rest
    const summaries: RunSummary[] = [];
    const summarizeScenario = onScenarioDone(batch, (i, reps) => {
      const s = scenarios[i]!;
      summaries[i] = summarize(s.config.name, reps, scenarioMeta(s.config), runProvenance(s.config, s.gpu));
    });
    try {
      // without --out or --trace nothing reads a run past its scenario's summary: let each go once summarised
      results = await runBatch(tasks, executor, args.quiet ? quietProgress : stderrProgress('run'), summarizeScenario, Boolean(args.out) || traceFiles !== null);
    } finally {
      await executor.close();
    }
    const groups = results.length > 0 ? groupByScenario(batch, results) : [];
    const notMet: string[] = [];
    for (const [i, s] of scenarios.entries()) {
      const reps = groups[i] ?? []; // (empty when the runs were not kept: nothing below reads them then)
      const summary = summaries[i]!;
      if (!summary.completed) notMet.push(`${summary.scenario}: the run did not complete: ${summary.reason ?? 'unknown reason'}`);
      notMet.push(...crossedThresholds(summary, thresholds));
      if (!args.json) process.stdout.write(consoleTable(summary) + '\n');
      const dir = dirs[i];
      const traceFile = traceFiles?.(i, dir);
      if (dir !== undefined) {
        await writeRunDirectory(dir, summary, reps, s.resolved, { force: args.force, images, imagesFile });
        if (traceFile !== undefined && path.dirname(traceFile) === dir) claimEntry(dir, path.basename(traceFile));
        if (!args.json) process.stdout.write(`results: ${dir}\n`);
        if (args.report) {
          const { writeReport } = await import('../../reports/index.ts');
          claimEntry(dir, 'report'); // first: a report that fails half-way is still ours to replace
          const { html } = await writeReport([dir], path.join(dir, 'report'));
          if (!args.json) process.stdout.write(`report: ${html}\n`);
        }
      }
      if (traceFile !== undefined) {
        try {
          writeFileSync(traceFile, JSON.stringify(buildTrace(s.config.name, reps)) + '\n');
        } catch (e) {
          throw new UserError(`--trace ${traceFile}: cannot write the trace (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the run's other output is complete`);
        }
        if (!args.json) process.stdout.write(`trace: ${traceFile}\n`);
      }
      if (!args.json) process.stdout.write('\n');
    }
    if (args.json) process.stdout.write(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries) + '\n');
    // last, once every result is written: exit 3 (EXIT_CODES_HELP)
    if (notMet.length > 0) throw new RunNotMet(notMet);
  },
};
