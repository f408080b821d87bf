import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../sim/cli/errors.ts';
import { scenarioMeta } from '../../sim/results/meta.ts';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

// Random --set mutations of every setting of the quick example: a scenario either loads or fails with
// one UserError that names the override and the setting, never another exception or a stack trace.
// (Running each mutated scenario as well found settings that hung a run: see the period floors.)
const here = path.dirname(fileURLToPath(import.meta.url));
const quick = path.relative(process.cwd(), path.join(here, '..', '..', 'scenarios', 'examples', 'quick.yaml'));

const VALUES = ['-1', '0', '1', '2.5', '1e308', '1e-300', 'abc', '"5 parsecs"', 'null', '', '[]', '{}', 'true', '-3s', '0s', '1e-12s',
  '.nan', '.inf', '-.inf', '0Mbps', '1bps', '1ms', '100000h', '1e9', '0.5', '{kind: constant, value: 0}', '{kind: exponential, mean: 0s}',
  '{kind: uniform, min: 5s, max: 1s}', '{kind: gamma, shape: 2}', '[1, 2]', '99999999999', 'profile', '{kind: lognormal, mean: 1s, cv: -1}'];

function leafPaths(o: unknown, prefix: string, out: string[]): string[] {
  if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) leafPaths(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push(prefix);
  }
  return out;
}

test('every setting x adversarial values: loads, or one located UserError without a stack trace', () => {
  const leaves = leafPaths(loadScenario(quick, []).resolved, '', []);
  assert.ok(leaves.length > 150, `${leaves.length} settings`);
  let s = 20261129;
  const pick = (n: number) => ((s ^= s << 13, s ^= s >>> 17, s ^= s << 5) >>> 0) % n;
  let loaded = 0;
  let refused = 0;
  for (let i = 0; i < 600; i++) {
    const set = `${leaves[pick(leaves.length)]}=${VALUES[pick(VALUES.length)]}`;
    try {
      loadScenario(quick, [set]);
      loaded++;
    } catch (e) {
      if (!isUserError(e)) assert.unreachable(`--set ${set}: ${(e as Error).stack}`);
      const m = (e as Error).message;
      assert.not.match(m, /\n\s+at /, `--set ${set}: stack trace in "${m}"`);
      assert.ok(m.includes(`--set ${set}`) || m.includes(quick), `--set ${set}: message does not locate it: ${m}`);
      assert.ok(m.split('\n').length <= 3, `--set ${set}: one message, got ${m}`);
      refused++;
    }
  }
  assert.ok(loaded > 50 && refused > 300, `loaded ${loaded}, refused ${refused}`);
});

// Runs (not only loads) combinations of 2-3 settings, as `kiosk-sim run` does (load, runReplications,
// summarize): nothing may crash, hang or throw anything but a located UserError. Each run is bounded so the
// file stays fast: 20 images, at most 20 simulated minutes; the settings that only make a run longer (image
// counts, time limits, replications) keep those bounds. Values fit each setting's type (so most combinations
// load and run), with edge cases: zero, tiny periods and bandwidths, negative and heavy-tailed distributions.
const DISTRIBUTIONS = ['{kind: normal, mean: 1s, sd: 10s}', '{kind: normal, mean: 0s, sd: 1s}', '{kind: uniform, min: 0s, max: 3s}',
  '{kind: empirical, values: [0s, 0s, 2s]}', '{kind: empirical, values: [0s, 5s], method: interpolate}', '{kind: exponential, mean: 1ms}',
  '{kind: lognormal, mean: 1s, cv: 5}', '{kind: gamma, shape: 0.1, scale: 1s}', '0s', '-1s', '{kind: uniform, min: -1s, max: 1s}', '100ms'];
const DURATIONS = ['0s', '1ms', '100ms', '1s', '30s', '5m', '-1s', 'never'];
const BOUNDS = ['workload.images=20', 'time_limit=20m'];
/** Distribution settings that may hold a plain value ("profile", "20s") rather than a mapping. */
const DISTRIBUTION_SETTING = /(service_time|preprocess|postprocess|startup|provisioning|gpu_ready_delay|model_load)$/;
const BOUNDED = /^(workload\.images|time_limit|replications|timeseries_interval)$/;

/** Values of the same type as `v` (the setting's current value), edge cases included. */
function valuesLike(v: unknown): string[] {
  if (typeof v === 'boolean') return ['true', 'false'];
  if (typeof v === 'number') return Number.isInteger(v) ? ['0', '1', '2', '3', '-1', String(v * 4)] : ['0', '0.5', '1', String(v * 2)];
  if (typeof v !== 'string') return ['null'];
  if (/bps$|\/s$/.test(v)) return ['1bps', '1kbps', '10Gbps', '0bps'];
  if (/\d\s*(B|[kMGT]i?B?|Mi|Gi)$/.test(v)) return ['1B', '1kB', '1GB', '0B'];
  if (/\d\s*(ns|us|ms|s|m|min|h|d)$/.test(v)) return DURATIONS;
  return [JSON.stringify(v), 'none', 'V100', 'n1-standard-1'];
}

/** Settings and their candidate values: distributions as wholes, every other leaf by its type. */
function settings(resolved: unknown): [string, string[]][] {
  const out: [string, string[]][] = [];
  const walk = (o: unknown, prefix: string) => {
    if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
      if ('kind' in o && !prefix.endsWith('arrival')) return void out.push([prefix, DISTRIBUTIONS]);
      for (const [k, v] of Object.entries(o)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else if (DISTRIBUTION_SETTING.test(prefix)) out.push([prefix, DISTRIBUTIONS]);
    else if (!BOUNDED.test(prefix) && !Array.isArray(o)) out.push([prefix, valuesLike(o)]);
  };
  walk(resolved, '');
  return out;
}

test('2-3 setting combinations run to an end (completed or not), or fail with one located UserError', () => {
  const candidates = settings(loadScenario(quick, BOUNDS).resolved);
  let s = 20261201;
  const pick = (n: number) => ((s ^= s << 13, s ^= s >>> 17, s ^= s << 5) >>> 0) % n;
  let ran = 0;
  let refused = 0;
  const t0 = performance.now();
  for (let i = 0; i < 400 && ran < 60; i++) {
    const sets = Array.from({ length: 2 + pick(2) }, () => {
      const [p, values] = candidates[pick(candidates.length)]!;
      return `${p}=${values[pick(values.length)]}`;
    });
    const what = sets.map((x) => `--set '${x}'`).join(' ');
    let loaded;
    try {
      loaded = loadScenario(quick, [...BOUNDS, ...sets]);
    } catch (e) {
      if (!isUserError(e)) assert.unreachable(`${what}: ${(e as Error).stack}`);
      const m = (e as Error).message;
      assert.not.match(m, /\n\s+at /, `${what}: stack trace in "${m}"`);
      assert.ok(sets.some((x) => m.includes(`--set ${x}`)) || m.includes(quick), `${what}: message does not locate it: ${m}`);
      refused++;
      continue;
    }
    const start = performance.now();
    try {
      const reps = runReplications(loaded.config, 1);
      const summary = summarize(loaded.config.name, reps, scenarioMeta(loaded.config));
      assert.ok(summary.images.submitted <= 20, `${what}: ${summary.images.submitted} images submitted`);
      assert.not.ok(JSON.stringify(summary).includes('Infinity'), `${what}: summary not JSON-clean`);
    } catch (e) {
      assert.unreachable(`${what}: the run failed: ${(e as Error).stack}`);
    }
    const wall = (performance.now() - start) / 1000;
    assert.ok(wall < 2, `${what}: one run took ${wall.toFixed(2)} s`);
    ran++;
  }
  assert.ok(ran >= 60 && refused > 10, `ran ${ran}, refused ${refused}`);
  assert.ok((performance.now() - t0) / 1000 < 30, 'the running fuzz stays fast (~5 s here)');
});

test.run();
