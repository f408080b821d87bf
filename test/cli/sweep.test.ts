import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const bin = path.resolve('sim/cli/bin.mjs');
const kioskSim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const root = mkdtempSync(path.join(tmpdir(), 'kiosk-sweep-cli-'));

/** Wall-clock fields are the only ones allowed to differ between runs. */
function withoutWall(json: string): string {
  const strip = (s: { engine: Record<string, number> }) => { delete s.engine.wall_s; delete s.engine.events_per_s; return s; };
  const v = JSON.parse(json);
  return JSON.stringify(Array.isArray(v) ? v.map(strip) : strip(v));
}

const FILES = ['scenarios/examples/quick.yaml', 'scenarios/examples/mm1.yaml'];
const SETS = ['--set', 'workload.images=300', '-r', '3'];

test('run -j 1, 2, 3: the same --json (apart from wall time) and the same run-directory files, for files x replications', () => {
  const dirs = [1, 2, 3].map((j) => path.join(root, `run-j${j}`));
  const outs = [1, 2, 3].map((j, k) => kioskSim('run', ...FILES, ...SETS, '-j', String(j), '--json', '--out', dirs[k]!));
  for (const r of outs) assert.is(r.status, 0, r.stderr);
  assert.is(withoutWall(outs[1]!.stdout), withoutWall(outs[0]!.stdout));
  assert.is(withoutWall(outs[2]!.stdout), withoutWall(outs[0]!.stdout));
  const s = JSON.parse(outs[0]!.stdout);
  assert.is(s.length, 2);
  assert.is(s[0].replications, 3);
  const files = (d: string) => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(d, path.join(e.parentPath, e.name))).sort();
  const listing = files(dirs[0]!);
  assert.ok(listing.includes('quick/images.csv') && listing.includes('mm1/events.csv'), listing.join(' '));
  for (const d of dirs.slice(1)) {
    assert.equal(files(d), listing);
    for (const f of listing) {
      const a = readFileSync(path.join(dirs[0]!, f), 'utf8');
      const b = readFileSync(path.join(d, f), 'utf8');
      if (f.endsWith('summary.json')) assert.is(withoutWall(b), withoutWall(a), f);
      else if (f.endsWith('summary.txt')) assert.is(b.replace(/^engine .*$/m, ''), a.replace(/^engine .*$/m, ''), f);
      else assert.is(b, a, `${d}/${f}`);
    }
  }
});

const GRID = ['--grid', 'autoscaling.fixed.image_consumers=2,10', '--grid', 'workload.images=100..102', '-r', '2'];

test('sweep -j 1 and -j 3: identical sweep.csv; sweep.json has the contract shape and the same seeds at every point', () => {
  const a = path.join(root, 'sweep-j1');
  const b = path.join(root, 'sweep-j3');
  const ra = kioskSim('sweep', 'scenarios/examples/quick.yaml', ...GRID, '-j', '1', '--out', a);
  const rb = kioskSim('sweep', 'scenarios/examples/quick.yaml', ...GRID, '-j', '3', '--out', b);
  assert.is(ra.status, 0, ra.stderr);
  assert.is(rb.status, 0, rb.stderr);
  assert.is(readFileSync(path.join(b, 'sweep.csv'), 'utf8'), readFileSync(path.join(a, 'sweep.csv'), 'utf8'));
  const csv = readFileSync(path.join(a, 'sweep.csv'), 'utf8').trimEnd().split('\n');
  assert.is(csv.length, 7, 'header + 2 x 3 points');
  assert.ok(csv[0]!.startsWith('autoscaling.fixed.image_consumers,workload.images,'));
  assert.ok(csv[0]!.split(',').includes('makespan_s.mean') && csv[0]!.split(',').includes('cost_usd.total.ci95_lo'));
  assert.ok(csv[6]!.startsWith('10,102,'));
  const doc = JSON.parse(readFileSync(path.join(a, 'sweep.json'), 'utf8'));
  assert.equal(Object.keys(doc), ['sweep', 'grid', 'points']);
  assert.is(doc.sweep, 'quick');
  assert.equal(doc.grid, { 'autoscaling.fixed.image_consumers': [2, 10], 'workload.images': [100, 101, 102] });
  assert.is(doc.points.length, 6);
  assert.equal(doc.points[5].settings, { 'autoscaling.fixed.image_consumers': 10, 'workload.images': 102 });
  assert.is(doc.points[5].summary.images.submitted, 2 * 102);
  for (const p of doc.points) assert.equal(p.summary.seeds, doc.points[0].summary.seeds, 'common random numbers');
  assert.not.ok(existsSync(path.join(a, 'runs')), 'no run directories unless --keep runs');
  assert.match(ra.stdout, /sweep\.csv/);
});

test('sweep --keep runs: one run directory per point, named in sweep.json; a rerun replaces the previous sweep', () => {
  const out = path.join(root, 'keep');
  for (let k = 0; k < 2; k++) {
    const r = kioskSim('sweep', 'scenarios/examples/quick.yaml', '--grid', 'workload.images=50,60', '--keep', 'runs', '-j', '2', '--out', out);
    assert.is(r.status, 0, r.stderr);
  }
  const doc = JSON.parse(readFileSync(path.join(out, 'sweep.json'), 'utf8'));
  assert.equal(doc.points.map((p: { run_dir: string }) => p.run_dir), ['runs/0001', 'runs/0002']);
  const rows = readFileSync(path.join(out, 'runs/0002/images.csv'), 'utf8').trim().split('\n');
  assert.is(rows.length, 61);
  assert.equal(readdirSync(root).filter((f) => f.includes('partial') || f.includes('.old-')), []);
});

test('a bad grid value or path: exit 2 naming the path, before any run, nothing written', () => {
  for (const grid of ['cluster.pools.gpu.max=1,-1', 'cluster.pools.gpu.maxx=1,2', 'cluster.pools.gpu.max=4..1']) {
    const out = path.join(root, 'bad');
    const r = kioskSim('sweep', 'scenarios/examples/quick.yaml', '--grid', grid, '--out', out);
    assert.is(r.status, 2, `${grid}: ${r.stderr}`);
    assert.match(r.stderr, /cluster\.pools\.gpu\.maxx?/);
    assert.match(r.stderr, /--grid/);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.not.ok(existsSync(out), grid);
  }
});

test("a non-empty --out that is not a sweep's: exit 2, the user's files untouched", () => {
  const out = path.join(root, 'mine');
  mkdirSync(out);
  writeFileSync(path.join(out, 'data.csv'), 'keep me');
  const r = kioskSim('sweep', 'scenarios/examples/quick.yaml', '--grid', 'workload.images=50', '--out', out);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /not empty/);
  assert.equal(readdirSync(out), ['data.csv']);
});

test('-j 0 and -j with --redis are user errors', () => {
  assert.is(kioskSim('run', 'scenarios/examples/quick.yaml', '-j', '0').status, 2);
  const r = kioskSim('sweep', 'scenarios/examples/quick.yaml', '--grid', 'workload.images=50', '-j', '2', '--redis', 'redis://127.0.0.1:1', '--out', path.join(root, 'x'));
  assert.is(r.status, 2);
  assert.match(r.stderr, /either -j/);
});

test.after(() => rmSync(root, { recursive: true, force: true }));
test.run();
