import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = path.resolve('sim/cli/bin.mjs');
const kioskSim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('run --json prints exactly one JSON object with the contract fields', () => {
  const r = kioskSim('run', 'scenarios/examples/quick.yaml', '--json', '--seed', '3');
  assert.is(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  for (const k of ['scenario', 'replications', 'seeds', 'completed', 'images', 'makespan_s', 'throughput_images_per_s', 'latency_s', 'cost_usd', 'gpu', 'engine']) assert.ok(k in s, k);
  for (const k of ['total', 'queue_wait', 'transfer', 'serving', 'postprocess']) for (const q of ['mean', 'p50', 'p90', 'p95', 'p99', 'max']) assert.type(s.latency_s[k][q], 'number');
  for (const k of ['total', 'gpu_nodes', 'cpu_nodes', 'storage', 'operations', 'egress']) for (const f of ['mean', 'min', 'max']) assert.type(s.cost_usd[k][f], 'number');
  // one replication: the spread is unknown, not zero
  assert.is(s.makespan_s.sd, null);
  assert.equal(s.makespan_s.ci95, [null, null]);
  assert.is(s.images.submitted, s.images.completed + s.images.failed);
  assert.is(s.completed, true);
  assert.is(r.stdout.trim().split('\n').length, 1);
});

test('the same scenario and seed give byte-identical JSON (apart from wall-clock fields)', () => {
  const strip = (out: string) => {
    const s = JSON.parse(out);
    delete s.engine.wall_s;
    delete s.engine.events_per_s;
    return JSON.stringify(s);
  };
  const a = kioskSim('run', 'scenarios/examples/quick.yaml', '--json', '--seed', '9', '-r', '2');
  const b = kioskSim('run', 'scenarios/examples/quick.yaml', '--json', '--seed', '9', '-r', '2');
  assert.is(strip(a.stdout), strip(b.stdout));
  const s = JSON.parse(a.stdout);
  assert.is(s.replications, 2);
  assert.type(s.makespan_s.sd, 'number');
  assert.ok(s.makespan_s.ci95[0] <= s.makespan_s.mean && s.makespan_s.mean <= s.makespan_s.ci95[1]);
});

test('--out writes the run directory, several files go to one sub-directory each', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'kiosk-run-'));
  const r = kioskSim('run', 'scenarios/examples/quick.yaml', 'scenarios/examples/mm1.yaml', '--out', out, '--set', 'workload.images=300');
  assert.is(r.status, 0, r.stderr);
  const dirs = readdirSync(out).sort();
  assert.is(dirs.length, 2);
  for (const d of dirs) {
    for (const f of ['summary.json', 'images.csv', 'timeseries.csv', 'events.csv', 'scenario.json', 'summary.txt']) assert.ok(existsSync(path.join(out, d, f)), `${d}/${f}`);
    const rows = readFileSync(path.join(out, d, 'images.csv'), 'utf8').trim().split('\n');
    assert.is(rows.length, 301, 'header + one row per image');
    assert.match(rows[0]!, /^replication,image,zip,arrival_s,queue_wait_s,download_s,preprocess_s,serving_s,postprocess_s,upload_s,total_s,finish_s,retries/);
  }
  assert.match(r.stdout, /makespan/);
});

test('a mistake in any file: exit 2, one message naming file and YAML path, nothing run or written', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'kiosk-run-'));
  const r = kioskSim('run', 'scenarios/examples/quick.yaml', 'scenarios/examples/mm1.yaml', '--out', out, '--set', 'cluster.pools.gpu.max=-1');
  assert.is(r.status, 2);
  assert.match(r.stderr, /cluster\.pools\.gpu\.max/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readdirSync(out), []);
});

test('a run that cannot finish stops at the time limit and says why', () => {
  const r = kioskSim('run', 'scenarios/examples/quick.yaml', '--json', '--set', 'time_limit=60s');
  assert.is(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.is(s.completed, false);
  assert.match(s.reason, /time limit/);
  assert.ok(s.images.completed < s.images.submitted);
});

test.run();
