// Are a scenario's statistics the same on two builds, or under two settings? For a change that moves the
// event order (a float sum re-associated, an event merged away) results are no longer byte-identical, so
// issue #12 asks to show the statistics unchanged over 20 seeds with confidence intervals.
//
// Runs N replication seeds (derived from --seed as `run` derives them) on side A and side B, one
// `kiosk-sim run --replication-seed S --json` process per run, and compares per metric the paired
// difference B - A (same seed on both sides: common random numbers, so the pairs share most of
// their noise): its mean with a Student-t 95% CI, beside each side's mean and between-seed sd.
// "same" when the difference's CI holds 0.
//
//   node --import tsx test/bench/seedStats.ts SCENARIO [--seeds 20] [--seed 1] [-j 2]
//        [--set path=value]...                      both sides
//        [--a-build DIR] [--b-build DIR]            compiled trees holding sim/cli/main.js (default: dist)
//        [--a-set path=value]... [--b-set path=value]...
// Prints a table on stderr and one JSON line on stdout.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { deriveReplicationSeeds } from '../../sim/engine/rng.ts';
import { tHalfWidth } from '../../sim/engine/stats/replications.ts';

interface Side {
  build: string;
  sets: string[];
}

interface Options {
  scenario: string;
  seeds: number;
  seed: string;
  jobs: number;
  sets: string[];
  a: Side;
  b: Side;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { scenario: '', seeds: 20, seed: '1', jobs: 2, sets: [], a: { build: 'dist', sets: [] }, b: { build: 'dist', sets: [] } };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--seeds') o.seeds = Number(value());
    else if (a === '--seed') o.seed = value();
    else if (a === '-j' || a === '--jobs') o.jobs = Number(value());
    else if (a === '--set') o.sets.push(value());
    else if (a === '--a-build') o.a.build = value();
    else if (a === '--b-build') o.b.build = value();
    else if (a === '--a-set') o.a.sets.push(value());
    else if (a === '--b-set') o.b.sets.push(value());
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else o.scenario = a;
  }
  if (!o.scenario) throw new Error('usage: seedStats.ts SCENARIO [--seeds N] [--seed S] [-j N] [--set p=v] [--a-build DIR] [--b-build DIR] [--a-set p=v] [--b-set p=v]');
  if (!(Number.isInteger(o.seeds) && o.seeds >= 2)) throw new Error(`--seeds needs an integer >= 2, got ${o.seeds}`);
  if (!(Number.isInteger(o.jobs) && o.jobs >= 1)) throw new Error(`-j needs an integer >= 1, got ${o.jobs}`);
  return o;
}

/** The metrics compared, as paths into the run --json summary (one replication: every Stat's mean is the value). */
const METRICS: Record<string, string> = {
  makespan_s: 'makespan_s.mean',
  cost_usd: 'cost_usd.total.mean',
  latency_p50_s: 'latency_s.total.p50',
  latency_p95_s: 'latency_s.total.p95',
  retries: 'retries.mean',
  gpu_utilization: 'gpu.mean_utilization.mean',
};

function pick(summary: unknown, dotted: string): number {
  let v: unknown = summary;
  for (const k of dotted.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
  if (typeof v !== 'number') throw new Error(`the summary has no number at ${dotted}`);
  return v;
}

/** One run: the metrics of replication `seed` of the scenario on `side`. */
function runOne(o: Options, side: Side, seed: number): Promise<Record<string, number>> {
  const args = [path.join(side.build, 'sim/cli/main.js'), 'run', o.scenario, '--replication-seed', String(seed), '--json', '-q', '-j', '1'];
  for (const s of [...o.sets, ...side.sets]) args.push('--set', s);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}`));
      const summary = JSON.parse(out) as unknown;
      resolve(Object.fromEntries(Object.entries(METRICS).map(([name, at]) => [name, pick(summary, at)])));
    });
  });
}

/** Runs `tasks` with at most `jobs` at a time; results in task order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

interface MetricComparison {
  mean_a: number;
  mean_b: number;
  /** Between-seed standard deviation on side A (the run-to-run spread the difference is set against). */
  sd_a: number;
  /** Mean paired difference B - A and its 95% CI. */
  diff: number;
  diff_ci95: [number, number];
  /** The difference relative to A's mean. */
  rel_diff: number;
  /** The CI of the difference holds 0. */
  same: boolean;
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Per metric, the paired comparison of side A's and side B's values (same seeds, same order). */
function compare(a: Record<string, number>[], b: Record<string, number>[]): Record<string, MetricComparison> {
  if (a.length !== b.length || a.length < 2) throw new Error('compare needs two equal lists of at least two runs');
  const out: Record<string, MetricComparison> = {};
  for (const name of Object.keys(a[0]!)) {
    const xa = a.map((r) => r[name]!);
    const xb = b.map((r) => r[name]!);
    const d = xb.map((x, i) => x - xa[i]!);
    const dm = mean(d);
    const h = tHalfWidth(sd(d), d.length);
    const ma = mean(xa);
    out[name] = {
      mean_a: ma,
      mean_b: mean(xb),
      sd_a: sd(xa),
      diff: dm,
      diff_ci95: [dm - h, dm + h],
      rel_diff: ma !== 0 ? dm / ma : 0,
      same: dm - h <= 0 && 0 <= dm + h,
    };
  }
  return out;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const seeds = deriveReplicationSeeds(/^\d+$/.test(o.seed) ? Number(o.seed) : o.seed, o.seeds);
  const t0 = performance.now();
  const runs = await pool(
    seeds.flatMap((s) => [() => runOne(o, o.a, s), () => runOne(o, o.b, s)]),
    o.jobs,
  );
  const a = runs.filter((_, i) => i % 2 === 0);
  const b = runs.filter((_, i) => i % 2 === 1);
  const result = compare(a, b);
  const fmt = (x: number): string => (Math.abs(x) >= 1000 || x === 0 ? x.toFixed(1) : x.toPrecision(4));
  console.error(`${o.scenario} ${o.sets.join(' ')}: ${o.seeds} seeds; A = ${o.a.build} ${o.a.sets.join(' ')}, B = ${o.b.build} ${o.b.sets.join(' ')} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  console.error(`${'metric'.padEnd(16)} ${'mean A'.padStart(12)} ${'mean B'.padStart(12)} ${'sd A'.padStart(10)} ${'B - A [95% CI]'.padStart(34)} ${'rel'.padStart(9)}  same`);
  for (const [name, c] of Object.entries(result)) {
    const ci = `${fmt(c.diff)} [${fmt(c.diff_ci95[0])}, ${fmt(c.diff_ci95[1])}]`;
    console.error(`${name.padEnd(16)} ${fmt(c.mean_a).padStart(12)} ${fmt(c.mean_b).padStart(12)} ${fmt(c.sd_a).padStart(10)} ${ci.padStart(34)} ${`${(100 * c.rel_diff).toFixed(3)}%`.padStart(9)}  ${c.same ? 'yes' : 'NO'}`);
  }
  console.log(JSON.stringify({ scenario: o.scenario, sets: o.sets, seeds, a: o.a, b: o.b, metrics: result }));
}

await main();
