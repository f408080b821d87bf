import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { crossedThresholds, parseThreshold } from '../../sim/cli/thresholds.ts';
import { isUserError } from '../../sim/cli/errors.ts';
import type { RunSummary } from '../../sim/results/summary.ts';

const bin = path.resolve('sim/cli/bin.mjs');
const kioskSim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const QUICK = 'scenarios/examples/quick.yaml';

test('exit 0 when every --fail-if holds, 3 with one line per crossed threshold, 2 for a bad threshold', () => {
  const ok = kioskSim('run', QUICK, '--quiet', '--fail-if', 'makespan>4h', '--fail-if', 'cost>100');
  assert.is(ok.status, 0, ok.stderr);
  assert.is(ok.stderr, '');
  const bad = kioskSim('run', QUICK, '--quiet', '--json', '--fail-if', 'makespan>1s', '--fail-if', 'cost>100', '--fail-if', 'throughput<50');
  assert.is(bad.status, 3, bad.stderr);
  assert.ok(JSON.parse(bad.stdout).completed, 'results are still printed');
  const lines = bad.stderr.trim().split('\n');
  assert.is(lines.length, 2, bad.stderr);
  assert.match(lines[0]!, /threshold 'makespan>1s' crossed: makespan = .* > 1 s, by /);
  assert.match(lines[1]!, /threshold 'throughput<50' crossed: throughput = .* images\/s < 50 images\/s, by /);
  const typo = kioskSim('run', QUICK, '--fail-if', 'makespan>4x');
  assert.is(typo.status, 2);
  assert.match(typo.stderr, 'makespan takes a duration');
});

test('thresholds: units from the scenario language, the amount crossed, and "no value" as crossed', () => {
  const t = parseThreshold('p95 latency >= 90m');
  assert.equal([t.metric, t.op, t.limit], ['p95 latency', '>=', 5400]);
  assert.is(parseThreshold('throughput<3000/min').limit, 50);
  assert.is(parseThreshold('cost>$12.5').limit, 12.5);
  for (const bad of ['makespan', 'speed>3', 'cost>ten', 'makespan>4 parsecs']) {
    try {
      parseThreshold(bad);
      assert.unreachable(bad);
    } catch (e) {
      assert.ok(isUserError(e), String(e));
    }
  }
  const summary = {
    scenario: 's', makespan_s: { mean: 5 * 3600 }, cost_usd: { total: { mean: 80 } }, throughput_images_per_s: { mean: 10 },
    latency_s: { total: { p95: NaN } },
  } as unknown as RunSummary;
  const lines = crossedThresholds(summary, ['makespan>4h', 'cost>100', 'throughput<50', 'p95 latency>1s'].map(parseThreshold));
  assert.is(lines.length, 3);
  assert.match(lines[0]!, 'makespan = 5 h > 4 h, by 60 min (25%)');
  assert.match(lines[1]!, 'throughput = 10 images/s < 50 images/s, by 40 images/s (80%)');
  assert.match(lines[2]!, 'p95 latency has no value');
});

test('a mistyped command names itself and the suggestion; --seed abc says what was expected, not a rewrite', () => {
  const r = kioskSim('rnu', QUICK);
  assert.is(r.status, 2);
  assert.is(r.stderr.trim(), 'kiosk-sim: Unknown command "rnu". Did you mean run?');
  for (const cmd of [['run', QUICK], ['sweep', QUICK, '--out', '/nonexistent-kiosk/x']]) {
    const s = kioskSim(...cmd, '--seed', 'abc');
    assert.is(s.status, 2, s.stderr);
    assert.match(s.stderr, '--seed: expected an integer from 0 to');
    assert.match(s.stderr, 'found "abc"');
    assert.not.match(s.stderr, /NaN|--set/);
  }
});

test('--help shows examples for each command and the exit codes', () => {
  for (const cmd of ['run', 'sweep']) {
    const r = kioskSim(cmd, '--help');
    assert.is(r.status, 0);
    assert.match(r.stdout, 'Examples:');
    assert.match(r.stdout, 'Exit codes: 0');
    assert.match(r.stdout, /3 the run did not complete/);
  }
  assert.match(kioskSim('run', '--help').stdout, "'makespan>4h'");
  const top = kioskSim('--help');
  assert.match(top.stdout, 'Examples:');
});

test.run();
