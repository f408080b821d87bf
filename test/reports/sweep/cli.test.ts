/**
 * `kiosk-sim report DIR` on a sweep directory, end to end: a real two-setting sweep of scenarios/examples/quick.yaml,
 * the page's order (answer, chart, table), the files, and one clear error (exit 2) for each kind of bad or partial
 * sweep directory.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runReport } from '../../../sim/cli/report.ts';
import { isUserError } from '../../../sim/cli/errors.ts';
import { prepareSweep, runSweep } from '../../../sim/sweep/sweep.ts';
import { InlineExecutor } from '../../../sim/sweep/task.ts';
import { checkSweepDir, SWEEP_MARKER } from '../../../sim/sweep/outDir.ts';
import { tempDirs } from '../../results/support/tempDirs.ts';
import { pngSize, withoutNamespaceUris } from '../../fixtures/reports/chart-check.ts';

const temp = tempDirs('kiosk-sweep-report-');
test.after(() => temp.removeAll());

const GRIDS = ['autoscaling.fixed.image_consumers=5,10', 'cluster.zones=1,2'];
const sweepDir = path.join(temp.make(), 'sweep');
{
  const options = { file: 'scenarios/examples/quick.yaml', grids: GRIDS, overrides: ['workload.images=100', 'replications=2'], out: sweepDir, keepRuns: false };
  await runSweep(options, prepareSweep(options), new InlineExecutor());
}

/** A copy of the sweep to spoil. */
function copy(): string {
  const d = path.join(temp.make(), 'sweep');
  cpSync(sweepDir, d, { recursive: true });
  return d;
}

const editJson = (dir: string, edit: (doc: any) => void) => {
  const file = path.join(dir, 'sweep.json');
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, JSON.stringify(doc));
};

async function refusal(dirs: string[], ...parts: string[]): Promise<void> {
  try {
    await runReport({ dirs, png: false });
  } catch (e) {
    assert.ok(isUserError(e), String((e as Error).stack));
    for (const p of parts) assert.ok((e as Error).message.includes(p), `${(e as Error).message}\n  lacks: ${p}`);
    for (const d of dirs) assert.not.ok(existsSync(path.join(d, 'report')), 'nothing written');
    return;
  }
  throw new Error(`expected ${dirs.join(' ')} to be refused`);
}

const bin = path.resolve('sim/cli/bin.mjs');
const kioskSim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('`kiosk-sim report SWEEP_DIR`: exit 0, report.html opens with the answer, then the chart, then the sweep table', () => {
  const dir = copy();
  const r = kioskSim('report', dir);
  assert.is(r.status, 0, r.stderr);
  const out = path.join(dir, 'report');
  assert.is(r.stdout, `report: ${path.join(out, 'report.html')}\n`);
  for (const f of ['report.html', 'summary.md', 'sweep.svg', 'sweep.png', 'sweep.vl.json', 'answer.csv', 'points.csv', 'sweep-chart.csv']) assert.ok(existsSync(path.join(out, f)), f);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  const at = (s: string) => { const i = html.indexOf(s); assert.ok(i >= 0, s); return i; };
  assert.ok(at('<section id="answer">') < at('<section id="charts">') && at('<section id="charts">') < at('<section id="table">'));
  assert.ok(at('least makespan') < at('<svg'));
  for (const g of GRIDS) assert.ok(html.includes(`<th>${g.split('=')[0]}</th>`), `${g}: a column of the sweep table`);
  assert.not.match(withoutNamespaceUris(html), /https?:\/\//, 'self-contained: no URL to fetch');
  const { width } = pngSize(readFileSync(path.join(out, 'sweep.png')));
  assert.ok(width > 1000, `PNG at 2x: ${width} px`);
  // one row per grid point: 2 x 2 points
  assert.is(readFileSync(path.join(out, 'points.csv'), 'utf8').trim().split('\n').length, 1 + 4);
  // the default report is the sweep's own: a new sweep into the same directory may replace it
  assert.ok(JSON.parse(readFileSync(path.join(dir, SWEEP_MARKER), 'utf8')).entries.includes('report'));
  checkSweepDir(dir);
});

test('a bad sweep directory: exit 2, one line naming the file, no stack trace', () => {
  const dir = copy();
  editJson(dir, (d) => { d.points.pop(); });
  const r = kioskSim('report', dir);
  assert.is(r.status, 2, r.stderr);
  const lines = r.stderr.trim().split('\n').filter((l) => !/^reading /.test(l));
  assert.is(lines.length, 1, r.stderr);
  assert.ok(lines[0]!.includes(path.join(dir, 'sweep.json')) && lines[0]!.includes('the sweep is partial'), lines[0]);
  assert.not.match(r.stderr, /\n\s+at /);
});

test('refused with a message naming what is wrong: partial, foreign values, wrong types, truncated CSV, missing files', async () => {
  const json = (d: string) => path.join(d, 'sweep.json');
  let d = copy();
  editJson(d, (doc) => { doc.points.pop(); });
  await refusal([d], json(d), '3 points, but the grid\'s cartesian product has 4 (2 x 2)', 'partial');
  d = copy();
  editJson(d, (doc) => { doc.points[1].settings['cluster.zones'] = 3; });
  await refusal([d], `${json(d)}: points[1].settings.cluster.zones: expected one of the grid's values 1, 2, found 3`);
  d = copy();
  editJson(d, (doc) => { delete doc.points[2].settings['cluster.zones']; });
  await refusal([d], 'points[2].settings: expected exactly the swept settings', 'missing cluster.zones');
  d = copy();
  editJson(d, (doc) => { doc.points[0].summary.replications = 'two'; });
  await refusal([d], `${json(d)}: points.0.summary.replications: expected number, found "two"`);
  d = copy();
  editJson(d, (doc) => { doc.points[3] = doc.points[2]; });
  await refusal([d], 'appears twice');
  d = copy();
  writeFileSync(json(d), readFileSync(json(d), 'utf8').slice(0, 500));
  await refusal([d], `${json(d)}: not valid JSON`);
  d = copy();
  const csv = path.join(d, 'sweep.csv');
  writeFileSync(csv, readFileSync(csv, 'utf8').split('\n').slice(0, 3).join('\n') + '\n');
  await refusal([d], `${csv}: 2 data rows, but sweep.json has 4 points`);
  d = copy();
  rmSync(path.join(d, 'sweep.csv'));
  await refusal([d], `${path.join(d, 'sweep.csv')}: missing`);
  d = copy();
  editJson(d, (doc) => { doc.points[0].run_dir = 'runs/0001'; });
  await refusal([d], path.join(d, 'runs/0001', 'summary.json'), 'incomplete');
  d = copy();
  rmSync(json(d));
  await refusal([d], 'no sweep.json');
  d = copy();
  const partial = path.join(path.dirname(d), `.sweep.partial-123-456`);
  renameSync(d, partial);
  await refusal([partial], 'temporary directory of a sweep that did not finish');
});

test('a sweep is reported on its own, not mixed with run directories', async () => {
  const run = temp.make();
  await refusal([sweepDir, run], `${sweepDir} is a sweep directory`);
  const e = await runReport({ dirs: [sweepDir], replication: 1, png: false }).then(() => null, (x: Error) => x);
  assert.ok(e && isUserError(e) && /--replication .* a sweep report has no timelines/.test(e.message), String(e));
});

test.run();
