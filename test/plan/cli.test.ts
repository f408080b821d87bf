/** `kiosk-sim plan` end to end: bad plan files exit 2 with a located message; an infeasible plan exits 3. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'kiosk-plan-'));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'sim/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

const SMALL = readFileSync(path.join(ROOT, 'scenarios/plans/small.plan.yaml'), 'utf8');
function planFile(name: string, text: string): string {
  const f = path.join(tmp, name);
  writeFileSync(f, text);
  return f;
}

const bad: [string, string, RegExp][] = [
  ['unknown goal key', SMALL.replace('  budget: 5', '  budgett: 5'), /:1[0-9]:\d+: goal\.budgett: unknown key "budgett"/],
  ['a deadline without a unit', SMALL.replace('deadline: 20m', 'deadline: soon'), /:1[0-9]:\d+: goal\.deadline: expected .*duration|:1[0-9]:\d+: goal\.deadline: expected/],
  ['an unknown searched setting', SMALL.replace('cluster.zones: [1, 2]', 'cluster.zonez: [1, 2]'), /:\d+:\d+: search\.cluster\.zonez: unknown setting "zonez".*did you mean/],
  ['a bad searched value', SMALL.replace('cluster.zones: [1, 2]', 'cluster.zones: [1, many]'), /:\d+:\d+: search\.cluster\.zones: .*expected an integer >= 1, found "many"/],
  ['a reversed range', SMALL.replace('1..6', '6..1'), /:\d+:\d+: search\.cluster\.pools\.gpu\.max: expected a range a\.\.b with a <= b/],
  ['a missing base scenario', SMALL.replace('extends: kiosk-2020', 'extends: nowhere.yaml'), /:\d+:\d+: extends: expected a scenario YAML file/],
];

for (const [what, text, re] of bad) {
  test(`a bad plan file exits 2, located: ${what}`, () => {
    const f = planFile('bad.plan.yaml', text);
    const r = cli('plan', f, '--json');
    assert.is(r.status, 2, r.stderr);
    assert.is(r.stdout, '');
    assert.ok(r.stderr.includes(f), r.stderr);
    assert.match(r.stderr, re);
    assert.not.match(r.stderr, /\n\s+at /); // no stack trace
  });
}

test('nothing feasible: exit 3, recommendation null, nearest misses say what they lack; --out writes the plan directory', () => {
  const f = planFile('tight.plan.yaml', SMALL.replace('budget: 5', 'budget: 0.05'));
  const out = path.join(tmp, 'out');
  const r = cli('plan', f, '--json', '-j', '2', '--out', out);
  assert.is(r.status, 3, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.is(a.feasible, false);
  assert.is(a.recommendation, null);
  assert.ok(a.nearest_misses.length > 0);
  // the cost bound rules every candidate out without a run; the misses say by how much
  assert.is(a.runs, 0);
  assert.match(a.nearest_misses[0].lacks.join(' '), /pruned without a run: it costs at least \$0\.\d\d .*more than the budget of \$0\.05/);
  for (const name of ['plan.json', 'candidates.csv', 'report.html', 'pareto.svg']) assert.ok(existsSync(path.join(out, name)), name);
  const csv = readFileSync(path.join(out, 'candidates.csv'), 'utf8').trim().split('\n');
  assert.is(csv.length, 1 + a.candidates.total);
  assert.ok(csv[0]!.startsWith('cluster.pools.gpu.max,cluster.pools.gpu.preemptible,cluster.zones,status'));
  // a plan directory has its own marker, listing what the plan wrote
  const marker = JSON.parse(readFileSync(path.join(out, '.kiosk-sim-plan'), 'utf8'));
  assert.equal(marker, { tool: 'kiosk-sim plan', entries: ['candidates.csv', 'pareto.svg', 'plan.json', 'report.html'] });
  assert.not.ok(existsSync(path.join(out, '.kiosk-sim-sweep')));
  // a user's directory is never written over
  const r2 = cli('plan', f, '--out', tmp); // tmp holds the plan files: refused
  assert.is(r2.status, 2, r2.stderr);
  assert.match(r2.stderr, /not a previous plan's \(no \.kiosk-sim-plan file\)/);
  assert.ok(existsSync(path.join(tmp, 'tight.plan.yaml')));
});

test("a sweep's directory is not a plan's: refused before any run, nothing written", () => {
  const sweepDir = path.join(tmp, 'sweep-out');
  mkdirSync(sweepDir);
  writeFileSync(path.join(sweepDir, '.kiosk-sim-sweep'), JSON.stringify({ tool: 'kiosk-sim sweep', entries: ['sweep.csv'] }));
  writeFileSync(path.join(sweepDir, 'sweep.csv'), 'x\n');
  const r = cli('plan', path.join(ROOT, 'scenarios/plans/small.plan.yaml'), '--out', sweepDir);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /--out .*sweep-out: the directory is not empty and is not a previous plan's/);
  assert.is(readFileSync(path.join(sweepDir, 'sweep.csv'), 'utf8'), 'x\n');
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
