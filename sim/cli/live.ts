/**
 * `kiosk-sim live SCENARIO [--redis URL] [--out DIR] [--json] [-r N] [--fault KIND] [--set path=value]`:
 * runs the scaled-down kiosk of SCENARIO for real (sim/live), R times; calibrates the simulator
 * from those runs (serving profile from the model server's batch log, stage times from the job
 * hashes), each run on its own; simulates each calibrated scenario --sim-replications times; prints
 * the error table (sim/live - 1) of the pooled live runs against the pooled simulations.
 * With --json stdout is one object { live, simulated, error, ... }; progress goes to stderr.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import YAML from 'yaml';
import { buildMeasuredProfile, profileToJson } from '../../calibrate/profileBuilder.ts';
import { calibrate, servingSamples } from '../live/calibration.ts';
import { errorObject, errorTable, liveSpreadObject, metrics, perRunTable, pooledErrorObject } from '../live/compare.ts';
import { FAULT_KINDS, runLive, type FaultKind, type LiveRunResult } from '../live/liveRun.ts';
import { LiveScenarioError, liveSettings } from '../live/settings.ts';
import { summarizeLive } from '../live/summary.ts';
import { runReplications } from '../results/runScenario.ts';
import { summarize, type RunSummary } from '../results/summary.ts';
import { scenarioMeta } from '../results/meta.ts';
import { loadScenario } from '../scenario/load.ts';
import { UserError } from './errors.ts';

interface LiveArgs {
  scenario: string;
  redis?: string;
  out?: string;
  json: boolean;
  replications?: number;
  fault?: string;
  filters: number;
  'sim-replications': number;
  set: string[];
}

const progress = (line: string) => process.stderr.write(`live: ${line}\n`);

/** Every image of every run finished exactly once: done, and counted done by one consumer only. */
export function imageAccounting(runs: readonly LiveRunResult[], expected: number) {
  return runs.map((r) => ({
    expected,
    jobs: r.records.images.length,
    done: r.records.images.filter((i) => i.status === 'done').length,
    finished_twice: r.records.images.filter((i) => i.doneCount > 1).length,
    zips_done: r.records.zips.filter((z) => z.status === 'done').length,
    janitor_requeued: r.janitorRequeued,
    faults: r.faults,
  }));
}

/** One row per live image job: the run, the hash's times relative to the run's first zip, and its stages. */
function liveImagesCsv(runs: readonly LiveRunResult[]): string {
  const head = 'run,key,status,created_s,finished_s,queue_wait_s,download_s,preprocess_s,prediction_s,postprocess_s,upload_s,total_s,retries,done_count';
  const rows = runs.flatMap((r, k) => {
    const t0 = Math.min(...r.records.zips.map((z) => z.created));
    return r.records.images.map((i) => [k + 1, i.key, i.status, i.created - t0, i.finished - t0, i.finished - i.created - i.total,
      i.download, i.preprocess, i.prediction, i.postprocess, i.upload, i.total, i.retries, i.doneCount]
      .map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(6) : String(v))).join(','));
  });
  return [head, ...rows].join('\n') + '\n';
}

/** One row per batch the live model server ran: the run, its start relative to the run's first zip, size and seconds. */
function liveBatchesCsv(runs: readonly LiveRunResult[]): string {
  const rows = runs.flatMap((r, k) => {
    const t0 = Math.min(...r.records.zips.map((z) => z.created));
    return r.server.batches.map(([size, seconds, at]) => `${k + 1},${(at - t0).toFixed(6)},${size},${seconds.toFixed(6)}`);
  });
  return ['run,started_s,size,seconds', ...rows].join('\n') + '\n';
}

/** One row per failed Predict attempt: the run, the image, its kind, start relative to the run's first zip, seconds, the back-off's lateness after it. */
function liveFailedCallsCsv(runs: readonly LiveRunResult[]): string {
  const rows = runs.flatMap((r, k) => {
    const t0 = Math.min(...r.records.zips.map((z) => z.created));
    return r.records.images.flatMap((i) => i.failures.map((f) => `${k + 1},${i.key},${f.kind},${(f.at - t0).toFixed(6)},${f.seconds.toFixed(6)},${Number.isFinite(f.backoffLate) ? f.backoffLate.toFixed(6) : ''}`));
  });
  return ['run,key,kind,started_s,seconds,backoff_late_s', ...rows].join('\n') + '\n';
}

export const liveCommand: CommandModule<object, LiveArgs> = {
  command: 'live <scenario>',
  describe: 'Run a scaled-down kiosk for real (Redis, consumer processes, model server) and measure the simulator\'s error against it',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML of the mini-kiosk (see sim/live/scenarios)' })
      .option('redis', { type: 'string', describe: 'Redis URL to run on (keys are tagged per run); default: a private redis-server with AOF' })
      .option('out', { type: 'string', describe: 'write comparison.json, comparison.md, live.json, simulated.json, calibrated.yaml and the profile here' })
      .option('json', { type: 'boolean', default: false, describe: 'print only the JSON comparison on stdout' })
      .option('replications', { alias: 'r', type: 'number', describe: 'live runs (and simulated replications); default: the scenario\'s' })
      .option('fault', { type: 'string', choices: FAULT_KINDS as unknown as string[], describe: 'inject one fault per live run' })
      .option('sim-replications', { type: 'number', default: 5, describe: 'simulated replications per live run (each calibrated on that run)' })
      .option('filters', { type: 'number', default: 8, describe: 'convolution filters of the live model (its compute per tile)' })
      .option('set', { type: 'string', array: true, default: [], describe: 'override a scenario setting: --set path=value' }) as unknown as Argv<LiveArgs>,
  handler: async (args) => {
    const overrides = [...args.set];
    if (args.replications !== undefined) overrides.push(`replications=${args.replications}`);
    const scenarioFile = path.resolve(args.scenario);
    const loaded = loadScenario(scenarioFile, overrides);
    let settings;
    try {
      settings = liveSettings(loaded.config);
    } catch (e) {
      if (e instanceof LiveScenarioError) throw new UserError(`${args.scenario}: ${e.message}`);
      throw e;
    }
    if (!Number.isInteger(args['sim-replications']) || args['sim-replications'] < 1) throw new UserError(`--sim-replications expects a positive integer, got ${args['sim-replications']}`);
    if (!Number.isInteger(args.filters) || args.filters < 1 || args.filters > 64) throw new UserError(`--filters expects an integer from 1 to 64, got ${args.filters}`);
    const R = loaded.replications;
    const fault = args.fault as FaultKind | undefined;

    // observe
    const runs: LiveRunResult[] = [];
    for (let k = 0; k < R; k++) {
      progress(`run ${k + 1}/${R}`);
      const r = await runLive({ settings, imageQueue: loaded.config.redis.queues?.image ?? 'segmentation', redisUrl: args.redis, fault, filters: args.filters, seed: k + 1, log: progress });
      progress(`run ${k + 1}/${R}: ${r.records.images.filter((i) => i.status === 'done').length}/${settings.images} images in ${r.wallSeconds.toFixed(1)} s wall`);
      runs.push(r);
    }
    const live = summarizeLive(loaded.config.name, runs, scenarioMeta(loaded.config));

    // calibrate and predict: an overlay scenario extending the live one, plus the measured profile
    const dir = args.out ? path.resolve(args.out) : await fs.mkdtemp(path.join(os.tmpdir(), 'kiosk-live-sim-'));
    await fs.mkdir(dir, { recursive: true });
    try {
      const command = `kiosk-sim live ${process.argv.slice(3).join(' ')}`;
      // Each live run is calibrated and simulated on its own: the host's load (other work on a
      // shared machine) differs from run to run, and past capacity a slower server tips the kiosk
      // into deadline retries, so pooling the runs' timings would simulate a machine none of them had.
      const reps = [];
      const notes = [];
      const perRun: Array<{ live: RunSummary; simulated: RunSummary }> = [];
      for (const [k, run] of runs.entries()) {
        const cal = calibrate([run], settings.grpc.deadline);
        const profile = buildMeasuredProfile({
          name: `live-${loaded.config.name}-run${k + 1}`,
          description: `model-server batches of live run ${k + 1} of the mini-kiosk (${args.filters}-filter 3-layer CNN, TF.js cpu backend)`,
          model: 'featurenet',
          weights: 'random',
          provenance: 'measured',
          hardware: { device: os.cpus()[0]?.model ?? 'unknown CPU', cores: os.cpus().length },
          backend: 'tfjs-cpu',
          created: new Date().toISOString(),
          command,
          input: { tileHeight: settings.tileSize, tileWidth: settings.tileSize, channels: 1, dtype: 'float32' },
          notes: ['the tiny CNN stands in for the kiosk model: only its timing matters here'],
        }, servingSamples([run], settings, cal.warmup, cal.drift), settings.tileSize * settings.tileSize);
        notes.push(cal.notes);
        const profileFile = `serving-profile-run${k + 1}.json`;
        await fs.writeFile(path.join(dir, profileFile), profileToJson(profile));
        const calibrated = {
          name: `${loaded.config.name}-simulated`,
          description: `${loaded.config.name} with timings calibrated from live run ${k + 1}`,
          extends: path.relative(dir, scenarioFile),
          ...cal.overlay,
          serving: { ...(cal.overlay.serving as object), profile: profileFile },
        };
        const calibratedFile = path.join(dir, `calibrated-run${k + 1}.yaml`);
        await fs.writeFile(calibratedFile, `# written by ${command}\n${YAML.stringify(calibrated)}`);
        const sim = loadScenario(calibratedFile, [...overrides, `seed=${loaded.config.seed + k}`]);
        const own = runReplications(sim.config, args['sim-replications']);
        perRun.push({ live: summarizeLive(loaded.config.name, [run]), simulated: summarize(`${loaded.config.name}-simulated`, own) });
        reps.push(...own);
      }
      const simulated = summarize(`${loaded.config.name}-simulated`, reps, scenarioMeta(loaded.config));

      // compare
      const ms = metrics(live, simulated);
      const result = {
        live, simulated, error: errorObject(ms), error_pooled: pooledErrorObject(ms), live_cv: liveSpreadObject(ms),
        per_run_error: perRun.map((r) => errorObject(metrics(r.live, r.simulated))), calibration: notes,
        images: imageAccounting(runs, settings.images),
        ...(fault ? { fault } : {}),
      };
      const table = runs.length > 1 ? `${errorTable(ms)}\n\nEach run against its own calibration:\n${perRunTable(perRun)}` : errorTable(ms);
      if (args.out) {
        await fs.writeFile(path.join(dir, 'comparison.json'), JSON.stringify(result, null, 2) + '\n');
        await fs.writeFile(path.join(dir, 'comparison.md'), `${table}\n`);
        await fs.writeFile(path.join(dir, 'live.json'), JSON.stringify(live, null, 2) + '\n');
        await fs.writeFile(path.join(dir, 'simulated.json'), JSON.stringify(simulated, null, 2) + '\n');
        await fs.writeFile(path.join(dir, 'live-images.csv'), liveImagesCsv(runs));
        await fs.writeFile(path.join(dir, 'live-batches.csv'), liveBatchesCsv(runs));
        await fs.writeFile(path.join(dir, 'live-failed-calls.csv'), liveFailedCallsCsv(runs));
      }
      if (args.json) process.stdout.write(JSON.stringify(result) + '\n');
      else {
        process.stdout.write(`${loaded.config.name}: ${R} live runs vs ${reps.length} simulated replications${fault ? ` (fault: ${fault})` : ''}\n${table}\n`);
        for (const [k, a] of result.images.entries()) process.stdout.write(`run ${k + 1}: ${a.done}/${a.expected} images done, ${a.finished_twice} finished twice, janitor requeued ${a.janitor_requeued}${a.faults.map((f) => `; ${f.kind} at ${f.at.toFixed(1)} s: ${f.detail}`).join('')}\n`);
        if (args.out) process.stdout.write(`results: ${dir}\n`);
      }
      const lost = result.images.some((a) => a.done !== a.expected || a.finished_twice > 0);
      if (lost) process.exitCode = 3;
    } finally {
      if (!args.out) await fs.rm(dir, { recursive: true, force: true });
    }
  },
};
