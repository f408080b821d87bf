import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isUserError } from '../../sim/cli/errors.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { tempDirs } from '../results/support/tempDirs.ts';
import { runInProcess } from './support/inProcess.ts';

const temp = tempDirs('kiosk-run-');
test.after(() => temp.removeAll());

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
  const out = temp.make();
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
  const out = temp.make();
  const r = kioskSim('run', 'scenarios/examples/quick.yaml', 'scenarios/examples/mm1.yaml', '--out', out, '--set', 'cluster.pools.gpu.max=-1');
  assert.is(r.status, 2);
  assert.match(r.stderr, /cluster\.pools\.gpu\.max/);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(readdirSync(out), []);
});

test('a run that cannot finish stops at the time limit, says why and exits 3', () => {
  const r = kioskSim('run', 'scenarios/examples/quick.yaml', '--json', '--quiet', '--set', 'time_limit=60s');
  assert.is(r.status, 3, r.stderr);
  assert.match(r.stderr, 'quick: the run did not complete: time limit');
  const s = JSON.parse(r.stdout);
  assert.is(s.completed, false);
  assert.match(s.reason, /time limit/);
  assert.ok(s.images.completed < s.images.submitted);
});

test('--replication-seed reruns one replication of a 3-replication run alone, byte-identically', async () => {
  const root = temp.make();
  const all = path.join(root, 'all');
  const one = path.join(root, 'one');
  assert.is((await runInProcess('scenarios/examples/quick.yaml', '-r', '3', '--seed', '11', '--out', all)).error, null);
  const summary = JSON.parse(readFileSync(path.join(all, 'summary.json'), 'utf8'));
  const seed = summary.seeds[2];
  const r = await runInProcess('scenarios/examples/quick.yaml', '--replication-seed', String(seed), '--out', one);
  assert.is(r.error, null, String(r.error));
  const alone = JSON.parse(readFileSync(path.join(one, 'summary.json'), 'utf8'));
  assert.equal(alone.seeds, [seed]);
  assert.is(alone.replications, 1);
  // rows of replication 2 in the full run = the rows of the lone run, apart from the replication column
  const rows = (dir: string, file: string, rep: string) =>
    readFileSync(path.join(dir, file), 'utf8').trim().split('\n').slice(1).filter((l) => l.startsWith(`${rep},`)).map((l) => l.slice(l.indexOf(',') + 1)).join('\n');
  for (const f of ['images.csv', 'timeseries.csv', 'events.csv']) {
    const a = rows(all, f, '2');
    assert.ok(f === 'events.csv' || a.length > 0, f);
    assert.is(rows(one, f, '0'), a, f);
  }
  assert.ok(summary.makespan_s.min <= alone.makespan_s.mean && alone.makespan_s.mean <= summary.makespan_s.max);
  // --seed S -r 1 is another replication (its seed is derived from S): the reason the option exists
  const derived = await runInProcess('scenarios/examples/quick.yaml', '--seed', String(seed), '-r', '1', '--json');
  assert.is.not(JSON.parse(derived.stdout).seeds[0], seed);
});

test('--replication-seed runs one replication: -r 3 or --seed beside it is refused', async () => {
  const a = await runInProcess('scenarios/examples/quick.yaml', '--replication-seed', '5', '-r', '3', '--json');
  assert.ok(isUserError(a.error), String(a.error));
  assert.match(a.error!.message, 'exactly one replication');
  const b = await runInProcess('scenarios/examples/quick.yaml', '--replication-seed', '5', '--seed', '3', '--json');
  assert.ok(b.error);
  assert.match(b.error!.message, /mutually exclusive/);
});

test('a seed above 2^53-1 is refused quoting exactly what was given, not a rounded neighbour', () => {
  for (const args of [['--seed', '9007199254740993'], ['--set', 'seed=9007199254740993'], ['--replication-seed', '9007199254740993']]) {
    const r = kioskSim('run', 'scenarios/examples/quick.yaml', '--json', ...args);
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, 'found 9007199254740993');
    assert.not.match(r.stderr, '9007199254740992');
    assert.is(r.stdout, '');
  }
});

test('the largest exact seed, 2^53-1, runs and is reported as given', async () => {
  const r = await runInProcess('scenarios/examples/quick.yaml', '--json', '--replication-seed', '9007199254740991', '--set', 'workload.images=100');
  assert.is(r.error, null, String(r.error));
  assert.equal(JSON.parse(r.stdout).seeds, [9007199254740991]);
});

test('--help documents --replication-seed and --force', () => {
  const r = kioskSim('run', '--help');
  assert.match(r.stdout, '--replication-seed');
  assert.match(r.stdout, '--force');
});

test.run();
