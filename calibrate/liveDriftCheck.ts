/**
 * What the host drift (sim/model/serving/hostDrift.ts) does to a saved live validation case, without
 * running the live kiosk again: for each run of `sim/live/validation/<case>`, its calibrated scenario
 * as written (drift off) against the same scenario with the drift fitted from the run's batch log and
 * a profile built from the batches at the host's median level (as `kiosk-sim live` now writes them).
 * Prints the pooled simulated figures and the retries per image by finish quarter (their spread within
 * a run is what a drift changes).
 *
 *   npx tsx calibrate/liveDriftCheck.ts sim/live/validation/over 3 [replications per run, default 5]
 *
 * Writes its scenarios and profiles to a temp dir, which it removes. Meant for a set written before the
 * drift existed (its profiles hold the drift's spread): in a later set the written profile is already
 * at the host's median level, so "off" there lacks that spread. The README's figures are from the
 * 15:52 set: `mkdir -p /tmp/v && git archive 9836a2a sim/live/validation/over sim/live/scenarios | tar -x -C /tmp/v`, then
 * `npx tsx calibrate/liveDriftCheck.ts /tmp/v/sim/live/validation/over 3 20`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { buildMeasuredProfile, profileToJson } from './profileBuilder.ts';
import { fitHostDrift, withoutDrift } from '../sim/model/serving/hostDrift.ts';
import { withoutWarmup } from '../sim/model/serving/idleWarmup.ts';
import { loadScenario } from '../sim/scenario/load.ts';
import { runReplications } from '../sim/results/runScenario.ts';
import { summarize } from '../sim/results/summary.ts';
import type { ReplicationResult } from '../sim/results/runResult.ts';

const [dirArg, runsArg, repsArg] = process.argv.slice(2);
if (!dirArg) throw new Error('usage: liveDriftCheck.ts VALIDATION_CASE_DIR [RUNS] [REPLICATIONS]');
const src = path.resolve(dirArg);
const nRuns = Number(runsArg ?? 1);
const reps = Number(repsArg ?? 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-check-'));
const rows = fs.readFileSync(path.join(src, 'live-batches.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const off: ReplicationResult[] = [];
const on: ReplicationResult[] = [];
try {
  for (let k = 1; k <= nRuns; k++) {
    const batches = rows.filter((r) => r[0] === k).map((r) => [r[2]!, r[3]!, r[1]!] as [number, number, number]);
    const drift = fitHostDrift([batches]);
    const y = YAML.parse(fs.readFileSync(path.join(src, `calibrated-run${k}.yaml`), 'utf8'));
    const warmup = { after: parseFloat(y.serving.idle_warmup.after), extra: y.serving.idle_warmup.extra };
    const old = JSON.parse(fs.readFileSync(path.join(src, `serving-profile-run${k}.json`), 'utf8'));
    const bySize = new Map<number, number[]>();
    for (const [size, s] of withoutWarmup(withoutDrift(batches, drift), warmup)) {
      if (!bySize.has(size)) bySize.set(size, []);
      bySize.get(size)!.push(Math.max(s, 1e-6));
    }
    const samples = [...bySize].sort((a, b) => a[0] - b[0]).map(([batchSize, seconds]) => ({ batchSize, tileHeight: old.input.tileHeight, tileWidth: old.input.tileWidth, seconds }));
    const { schema: _schema, fit: _fit, samples: _samples, residuals: _residuals, ...meta } = old;
    fs.writeFileSync(path.join(tmp, `profile-drift-run${k}.json`), profileToJson(buildMeasuredProfile(meta, samples, old.input.tileHeight * old.input.tileWidth)));
    y.extends = path.resolve(src, y.extends);
    y.serving.profile = path.join(src, `serving-profile-run${k}.json`);
    y.serving.host_drift = { time: '0s', sd: 0 };
    fs.writeFileSync(path.join(tmp, `off-run${k}.yaml`), YAML.stringify(y));
    y.serving.profile = `profile-drift-run${k}.json`;
    y.serving.host_drift = { time: `${drift.time}s`, sd: drift.sd };
    fs.writeFileSync(path.join(tmp, `on-run${k}.yaml`), YAML.stringify(y));
    process.stderr.write(`run ${k}: host drift time ${drift.time.toFixed(2)} s, sd ${drift.sd.toFixed(3)} (${drift.windows} windows)\n`);
    const seed = `seed=${Number(y.seed ?? loadScenario(y.extends).config.seed) + k - 1}`; // as kiosk-sim live seeds run k
    off.push(...runReplications(loadScenario(path.join(tmp, `off-run${k}.yaml`), [seed]).config, reps));
    on.push(...runReplications(loadScenario(path.join(tmp, `on-run${k}.yaml`), [seed]).config, reps));
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
for (const [name, set] of [['drift off', off], ['drift on', on]] as const) {
  const s = summarize(name, set);
  const l = s.latency_s;
  const quarters = [0, 0, 0, 0];
  for (const r of set) {
    const rec = r.record;
    const order = Array.from({ length: rec.count }, (_, i) => i).sort((a, b) => rec.finished[a]! - rec.finished[b]!);
    for (let q = 0; q < 4; q++) {
      const part = order.slice((q * rec.count) >> 2, ((q + 1) * rec.count) >> 2);
      quarters[q]! += part.reduce((a, i) => a + rec.retries[i]!, 0) / part.length / set.length;
    }
  }
  console.log(`${name}: makespan ${s.makespan_s.mean.toFixed(2)} s, serving p50 ${l.serving.p50.toFixed(3)} p95 ${l.serving.p95.toFixed(3)}, queue wait p50 ${l.queue_wait.p50.toFixed(2)} p95 ${l.queue_wait.p95.toFixed(2)}, end-to-end p50 ${l.total.p50.toFixed(2)} p95 ${l.total.p95.toFixed(2)}, retries ${s.retries.mean.toFixed(1)}, retries per image by finish quarter ${quarters.map((v) => v.toFixed(2)).join(' / ')}`);
}
