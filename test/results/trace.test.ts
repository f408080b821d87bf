/**
 * run --trace: the Trace Event Format (JSON object form) as Chrome's and Perfetto's importers read it: required
 * fields per phase, integer microseconds, X slices of one track in time order and properly nested, bounded
 * size, and results unchanged by tracing. Perfetto UI itself cannot be loaded here (no network); when Debian's
 * chromium is installed the trace is also parsed inside a headless page.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempDirs } from './support/tempDirs.ts';
import { runInProcess } from '../cli/support/inProcess.ts';
import { buildTrace, type Trace, type TraceEvent } from '../../sim/results/trace.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { isUserError } from '../../sim/cli/errors.ts';

const temp = tempDirs('kiosk-trace-');
test.after(() => temp.removeAll());
const QUICK = 'scenarios/examples/quick.yaml';

/** Checks a trace against the format; returns the problems (empty: valid). */
function problems(t: Trace): string[] {
  const bad: string[] = [];
  if (!Array.isArray(t.traceEvents)) return ['traceEvents is not an array'];
  if (t.displayTimeUnit !== 'ms') bad.push('displayTimeUnit');
  const lastEnd = new Map<string, number[]>();
  for (const [k, e] of t.traceEvents.entries()) {
    const where = `event ${k} ${JSON.stringify(e).slice(0, 120)}`;
    if (typeof e.name !== 'string' || !['X', 'i', 'C', 'M'].includes(e.ph) || !Number.isInteger(e.pid) || !Number.isInteger(e.ts) || e.ts < 0) bad.push(`${where}: name/ph/pid/ts`);
    if (e.ph === 'X') {
      if (!Number.isInteger(e.tid) || !Number.isInteger(e.dur) || e.dur! < 0) bad.push(`${where}: X needs tid and integer dur >= 0`);
      // one track: slices start in time order, and a slice that starts inside an open one ends inside it
      const key = `${e.pid}/${e.tid}`;
      const stack = lastEnd.get(key) ?? [];
      while (stack.length && stack.at(-1)! <= e.ts) stack.pop();
      if (stack.length && e.ts + e.dur! > stack.at(-1)!) bad.push(`${where}: overlaps its enclosing slice`);
      stack.push(e.ts + e.dur!);
      lastEnd.set(key, stack);
    }
    if (e.ph === 'i' && (!Number.isInteger(e.tid) || !['t', 'p', 'g'].includes(e.s!))) bad.push(`${where}: instant needs tid and scope`);
    if (e.ph === 'C' && (typeof e.args !== 'object' || !Object.values(e.args!).every((v) => typeof v === 'number'))) bad.push(`${where}: counter args must be numbers`);
    if (e.ph === 'M' && (!['process_name', 'thread_name', 'process_sort_index', 'thread_sort_index'].includes(e.name) || typeof e.args !== 'object')) bad.push(`${where}: metadata`);
  }
  // X start times never go backwards on a track
  const lastStart = new Map<string, number>();
  for (const e of t.traceEvents.filter((x) => x.ph === 'X')) {
    const key = `${e.pid}/${e.tid}`;
    if (e.ts < (lastStart.get(key) ?? -1)) bad.push(`X events of track ${key} out of order at ts ${e.ts}`);
    lastStart.set(key, e.ts);
  }
  return bad;
}

test('the format check itself catches overlapping slices, missing fields and out-of-order tracks', () => {
  const base = { traceEvents: [] as TraceEvent[], displayTimeUnit: 'ms' as const, otherData: {} };
  const x = (ts: number, dur: number, tid = 1): TraceEvent => ({ name: 's', ph: 'X', pid: 1, tid, ts, dur });
  assert.equal(problems({ ...base, traceEvents: [x(0, 10), x(2, 3), x(10, 5)] }), []);
  assert.is(problems({ ...base, traceEvents: [x(0, 10), x(5, 10)] }).length, 1);
  assert.is(problems({ ...base, traceEvents: [x(5, 1), x(0, 1)] }).length, 1);
  assert.ok(problems({ ...base, traceEvents: [{ name: 'i', ph: 'i', pid: 1, ts: 1.5 }] }).length >= 1);
});

test('--trace FILE writes valid Trace Event JSON: tracks for nodes and pods, image slices, events, counters', async () => {
  const root = temp.make();
  const file = path.join(root, 'quick.trace.json');
  const r = await runInProcess(QUICK, '-q', '--seed', '5', '--trace', file, '--json');
  assert.is(r.error, null, String(r.error));
  const t = JSON.parse(readFileSync(file, 'utf8')) as Trace;
  assert.equal(problems(t), []);
  const threads = t.traceEvents.filter((e) => e.name === 'thread_name').map((e) => String(e.args!.name));
  assert.ok(threads.some((n) => n.includes('node')), threads.join());
  assert.ok(threads.some((n) => n.startsWith('images (lane')));
  const phases = new Set(t.traceEvents.map((e) => e.ph));
  for (const ph of ['X', 'i', 'C', 'M']) assert.ok(phases.has(ph as TraceEvent['ph']), ph);
  const names = new Set(t.traceEvents.filter((e) => e.ph === 'X').map((e) => e.name.replace(/ \d+$/, '')));
  for (const n of ['image', 'queue wait', 'serving (Predict)']) assert.ok(names.has(n), n);
  // GPU batches, reported by the model's tracer, on the serving pod's gpu track
  const batches = t.traceEvents.filter((e) => e.cat === 'gpu');
  assert.ok(batches.length > 0);
  const gpuTracks = new Set(t.traceEvents.filter((e) => e.name === 'thread_name' && String(e.args!.name).endsWith(' gpu')).map((e) => e.tid));
  assert.ok(batches.every((b) => gpuTracks.has(b.tid) && /^batch of \d+$/.test(b.name)));
  assert.is(t.otherData.gpu_batches, 'all');
  assert.is(t.traceEvents.filter((e) => e.cat === 'image').length, JSON.parse(r.stdout).images.completed);
});

test('bounded: a sample of images (stated in the metadata) and an event cap', () => {
  const s = loadScenario(QUICK, ['workload.images=400']);
  const rep = runOne(s.config, 3);
  const t = buildTrace('quick', [rep], { maxImages: 50 });
  assert.equal(problems(t), []);
  const images = t.traceEvents.filter((e) => e.cat === 'image');
  assert.is(images.length, 50);
  assert.ok(images.every((e) => Number(e.name.split(' ')[1]) % 8 === 0), 'every 8th image by index');
  assert.match(String((t.otherData.images as { sample: string }).sample), 'every 8th image');
  const capped = buildTrace('quick', [rep], { maxImages: 50, maxEvents: 300 });
  assert.equal(problems(capped), []);
  assert.is(capped.traceEvents.filter((e) => e.ph !== 'M').length, 300);
  assert.ok((capped.otherData.events_dropped_over_cap as number) > 0);
});

test('tracing changes no result; --trace with --out writes DIR/trace.json owned by the run; misuse exits 2', async () => {
  const root = temp.make();
  const plain = await runInProcess(QUICK, '-q', '--seed', '6', '--json');
  const traced = await runInProcess(QUICK, '-q', '--seed', '6', '--json', '--trace', path.join(root, 't.json'));
  const strip = (o: string) => JSON.stringify({ ...JSON.parse(o), engine: null });
  assert.is(strip(traced.stdout), strip(plain.stdout));
  const dir = path.join(root, 'run');
  const untraced = path.join(root, 'untraced');
  assert.is((await runInProcess(QUICK, '-q', '--seed', '6', '--out', dir, '--trace')).error, null);
  assert.is((await runInProcess(QUICK, '-q', '--seed', '6', '--out', untraced)).error, null);
  for (const f of ['images.csv', 'events.csv', 'timeseries.csv']) assert.ok(readFileSync(path.join(dir, f)).equals(readFileSync(path.join(untraced, f))), f);
  assert.ok(existsSync(path.join(dir, 'trace.json')));
  assert.ok(JSON.parse(readFileSync(path.join(dir, '.kiosk-sim-run'), 'utf8')).entries.includes('trace.json'));
  const noOut = await runInProcess(QUICK, '-q', '--trace');
  assert.ok(isUserError(noOut.error), String(noOut.error));
  const noDir = await runInProcess(QUICK, '-q', '--trace', path.join(root, 'absent', 't.json'));
  assert.ok(isUserError(noDir.error), String(noDir.error));
  assert.match(noDir.error!.message, 'does not exist');
  const two = await runInProcess(QUICK, 'scenarios/examples/mm1.yaml', '-q', '--trace', path.join(root, 'x.json'));
  assert.ok(isUserError(two.error), String(two.error));
});

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (CHROMIUM) {
  test('the trace parses as JSON inside a headless Chromium page (Perfetto UI itself needs the network)', async () => {
    const root = temp.make();
    const file = path.join(root, 'trace.json');
    assert.is((await runInProcess(QUICK, '-q', '--trace', file)).error, null);
    const page = path.join(root, 'page.html');
    // the trace as a script's text, parsed by the page's own JSON.parse
    const json = readFileSync(file, 'utf8').replace(/</g, '\\u003c');
    writeFileSync(page, `<script id="t" type="application/json">${json}</script><script>const t = JSON.parse(document.getElementById('t').textContent);
document.title = 'events=' + t.traceEvents.length + ' x=' + t.traceEvents.filter((e) => e.ph === 'X').length;</script>`);
    const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=3000', '--dump-dom', pathToFileURL(page).href], { encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, r.stderr);
    const t = JSON.parse(readFileSync(file, 'utf8')) as Trace;
    assert.match(r.stdout, `<title>events=${t.traceEvents.length} x=${t.traceEvents.filter((e) => e.ph === 'X').length}</title>`);
  });
} else {
  console.log('\ntrace headless-Chromium parse NOT RUN: /usr/bin/chromium is absent.');
}

test.run();
