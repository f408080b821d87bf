/**
 * How far a pooled live quantile can fall from the model's own by chance: for a saved live validation
 * case (`sim/live/validation/<case>`), each run's calibrated scenario is simulated N times; the
 * reference is the quantile pooled over all of them (each run weighted alike, as `kiosk-sim live`
 * pools 5 simulations per run). A live set pools ONE realisation per run, so the script draws one
 * simulated replication per run, pools them, and repeats: the spread of those pools around the
 * reference is what an exact model would still miss by, for 3 runs and, cycling the same calibrations,
 * for more. It also prints the live pool, and which run its slowest 5 % of images came from (a pooled
 * p95 over runs of different host speeds is mostly the slowest run's tail); then the same for what
 * `kiosk-sim live` judges, a run's own p95 averaged over the runs (sim/live/compare.ts).
 *
 *   npx tsx calibrate/livePoolCheck.ts sim/live/validation/over 3 [simulations per run, default 20]
 *
 * Reads only the case's files (calibrated-run<k>.yaml, serving-profile-run<k>.json, live-images.csv).
 */
import fs from 'node:fs';
import path from 'node:path';
import { aleaFor } from '../sim/engine/rng.ts';
import { latencyColumn, type LatencyKind } from '../sim/results/latency.ts';
import { runReplications } from '../sim/results/runScenario.ts';
import { replicationStat } from '../sim/results/statistics.ts';
import { loadScenario } from '../sim/scenario/load.ts';

const [dirArg, runsArg, repsArg] = process.argv.slice(2);
if (!dirArg) throw new Error('usage: livePoolCheck.ts VALIDATION_CASE_DIR [RUNS] [SIMULATIONS_PER_RUN]');
const dir = path.resolve(dirArg);
const nRuns = Number(runsArg ?? 3);
const reps = Number(repsArg ?? 20);

/** The p-quantile of values (linear between order statistics, as sim/results/statistics.ts). */
function quantile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

/** 4000 draws of a chance error: their mean and sd, 90 % range and share within 10 %. */
function chance(draw: () => number): { mean: number; sd: number; lo: number; hi: number; within: number } {
  const errs = Array.from({ length: 4000 }, () => draw());
  const { mean, sd } = replicationStat(errs);
  return { mean, sd, lo: quantile(errs, 0.05), hi: quantile(errs, 0.95), within: errs.filter((e) => Math.abs(e) <= 0.1).length / errs.length };
}
const pct = (x: number) => (x * 100).toFixed(1);

const KINDS: ReadonlyArray<[string, LatencyKind]> = [['queue_wait', 'queue_wait'], ['end_to_end', 'total']];

// per run k, per simulated replication: that replication's latencies of each kind
const sims: Array<Array<Record<string, number[]>>> = [];
for (let k = 1; k <= nRuns; k++) {
  const file = path.join(dir, `calibrated-run${k}.yaml`);
  const base = loadScenario(file).config;
  const config = loadScenario(file, [`seed=${base.seed + k - 1}`]).config; // as kiosk-sim live seeds run k's simulations
  const out = runReplications(config, reps);
  sims.push(out.map((r) => Object.fromEntries(KINDS.map(([name, kind]) => [name, [...latencyColumn([r.record], kind)]]))));
  process.stderr.write(`run ${k}: ${reps} simulations, makespan ${(out.reduce((a, r) => a + r.makespan, 0) / reps).toFixed(2)} s mean\n`);
}

// the live runs' images (live-images.csv: run, ..., queue_wait_s, ..., total_s)
const [head, ...lines] = fs.readFileSync(path.join(dir, 'live-images.csv'), 'utf8').trim().split('\n');
const col = Object.fromEntries(head!.split(',').map((c, i) => [c, i]));
const liveRows = lines.map((l) => l.split(',')).filter((c) => c[col.status!] === 'done');
const live: Record<string, Array<{ run: number; v: number }>> = {
  queue_wait: liveRows.map((c) => ({ run: Number(c[col.run!]), v: Number(c[col.queue_wait_s!]) })),
  end_to_end: liveRows.map((c) => ({ run: Number(c[col.run!]), v: Number(c[col.finished_s!]) - Number(c[col.created_s!]) })),
};

const u = aleaFor(1, 'live-pool-check');
for (const [name] of KINDS) {
  const reference = quantile(sims.flatMap((run) => run.flatMap((r) => r[name]!)), 0.95);
  const livePool = live[name]!.map((x) => x.v);
  const liveP95 = quantile(livePool, 0.95);
  const top = live[name]!.filter((x) => x.v >= liveP95);
  const byRun = Array.from({ length: nRuns }, (_, k) => top.filter((x) => x.run === k + 1).length);
  console.log(`${name} p95: all ${nRuns * reps} simulations pooled ${reference.toFixed(3)} s; live pool ${liveP95.toFixed(3)} s (${((reference / liveP95 - 1) * 100).toFixed(1)} %), its slowest 5 % from runs ${byRun.map((n, k) => `${k + 1}: ${n}`).join(', ')}`);
  /** p95 of a pool of `per` draws from each run's simulations, over many pools: sim/pool - 1 against the reference. */
  const spread = (per: number, label: string) => {
    const e = chance(() => {
      const pool: number[] = [];
      for (const run of sims) for (let j = 0; j < per; j++) pool.push(...run[Math.floor(u() * run.length)]![name]!);
      return reference / quantile(pool, 0.95) - 1;
    });
    console.log(`  ${label}: sd ${pct(e.sd)} %, 90 % range [${pct(e.lo)}, ${pct(e.hi)}] %, within 10 %: ${(e.within * 100).toFixed(0)} % of pools`);
  };
  // a live set: one realisation per calibration (each calibration repeated: more live runs of a like host)
  for (const per of [1, 2, 3]) spread(per, `${per * nRuns} live runs pooled (${per} per calibration), the error an exact model would still show`);
  // the simulated side of the comparison: `kiosk-sim live` pools --sim-replications per run (default 5)
  for (const per of [5, 20]) spread(per, `the simulated pool itself at ${per} simulations per run (drawn with replacement from ${reps})`);
  // what `kiosk-sim live` judges (sim/live/compare.ts): the runs' own p95 averaged over runs, against the
  // simulations' own p95 averaged alike; its chance error with one realisation per calibration
  const ownMean = sims.map((run) => run.reduce((a, r) => a + quantile(r[name]!, 0.95), 0) / run.length);
  const liveOwn = Array.from({ length: nRuns }, (_, k) => quantile(live[name]!.filter((x) => x.run === k + 1).map((x) => x.v), 0.95));
  const simMean = ownMean.reduce((a, b) => a + b, 0) / nRuns;
  const liveMean = liveOwn.reduce((a, b) => a + b, 0) / nRuns;
  console.log(`${name} p95, a run's own, mean over runs: simulations ${simMean.toFixed(3)} s; live ${liveMean.toFixed(3)} s (${((simMean / liveMean - 1) * 100).toFixed(1)} %)`);
  for (const per of [1, 2, 3]) {
    const e = chance(() => {
      let drawn = 0;
      for (let j = 0; j < per; j++) for (const run of sims) drawn += quantile(run[Math.floor(u() * run.length)]![name]!, 0.95);
      return simMean / (drawn / (per * nRuns)) - 1;
    });
    console.log(`  ${per * nRuns} live runs (${per} per calibration), the error an exact model would still show: bias ${pct(e.mean)} %, sd ${pct(e.sd)} %, within 10 %: ${(e.within * 100).toFixed(0)} % of sets`);
  }
}
