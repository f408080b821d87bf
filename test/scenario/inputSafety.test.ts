// Issue 18, scenario input: a user's file or --set can never crash a run, hang the loader, leak what a file
// holds into a message, or reach past the scenario's own keys (prototypes). Each refusal is one located
// UserError.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../sim/cli/errors.ts';
import { runReplications } from '../../sim/results/runScenario.ts';
import { MAX_TIME_LIMIT_S } from '../../sim/scenario/checks.ts';
import { toDistributionSpec } from '../../sim/scenario/distribution.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { deepMerge } from '../../sim/scenario/merge.ts';
import { parseYamlLayer } from '../../sim/scenario/source.ts';
import { firstInvalidUtf8, MAX_FILE_BYTES, readTextFile } from '../../sim/scenario/textFile.ts';
import { parseTrace } from '../../sim/scenario/trace.ts';
import { parseQuantity } from '../../sim/scenario/units.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const fixture = (name: string) => path.relative(process.cwd(), path.join(here, '..', 'fixtures', 'scenario', name));
const quick = path.relative(process.cwd(), path.join(repo, 'scenarios', 'examples', 'quick.yaml'));

function errorOf(file: string, overrides: string[] = []): string {
  try {
    loadScenario(file, overrides);
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${(e as Error).stack}`);
    assert.not.match((e as Error).message, /\n\s+at /, 'no stack trace in the message');
    return (e as Error).message;
  }
  assert.unreachable(`${file} ${overrides.join(' ')} loaded without error`);
  return '';
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-input-'));
}

// ---- durations are >= 0 ----

test('negative durations: uniform min, empirical values, constants refused at the parameter to blame', () => {
  assert.match(errorOf(fixture('negative-uniform.yaml')), `${fixture('negative-uniform.yaml')}:4:38: consumers.image.preprocess.min: expected min >= 0 s`);
  assert.match(errorOf(quick, ['serving.startup={kind: empirical, values: [1s, -2s]}']), 'serving.startup.values: expected values >= 0 s');
  assert.match(errorOf(quick, ['serving.startup={kind: empirical, values: [1s, -2s]}']), 'found -2 s (item 2)');
  assert.match(errorOf(quick, ['consumers.zip.startup=-1s']), '--set consumers.zip.startup=-1s: consumers.zip.startup: expected value >= 0 s');
  assert.match(errorOf(quick, ['serving.service_time={kind: normal, mean: -1s, sd: 1s}']), 'serving.service_time.mean: expected mean >= 0 s');
  assert.match(errorOf(quick, ['serving.service_time={kind: normal, mean: 1s, sd: 1s, min: -1s}']), 'serving.service_time.min: expected min >= 0 s');
});

test('a normal duration without min is truncated at 0 (documented), and the run does not crash', () => {
  const spec = toDistributionSpec({ kind: 'normal', mean: 1, sd: 10 });
  assert.equal(spec, { kind: 'normal', mean: 1, sd: 10, min: 0 });
  const explicit = toDistributionSpec({ kind: 'normal', mean: 1, sd: 10, min: 0.5 });
  assert.equal(explicit, { kind: 'normal', mean: 1, sd: 10, min: 0.5 });
  for (const where of ['serving.service_time', 'consumers.image.preprocess', 'consumers.image.startup']) {
    const s = loadScenario(quick, ['workload.images=20', 'time_limit=20m', `${where}={kind: normal, mean: 1s, sd: 10s}`]);
    const [rep] = runReplications(s.config, 1);
    assert.ok(rep!.record.count === 20, where);
  }
});

// ---- every quantity is finite; time_limit is capped ----

test('units: "1e309s", "1e400B", "1e309bps" are refused as not finite; "1toString" is no unit', () => {
  for (const [text, kind] of [['1e309s', 'duration'], ['1e400B', 'size'], ['1e309bps', 'bandwidth'], ['1e309/s', 'rate'], ['1e309', 'duration']] as const) {
    const r = parseQuantity(text, kind);
    assert.not.ok(r.ok, text);
    if (!r.ok) assert.match(r.message, 'not finite', text);
  }
  for (const text of ['1toString', '1constructor', '1__proto__']) assert.not.ok(parseQuantity(text, 'duration').ok, text);
  assert.not.ok(parseQuantity('5valueOf', 'rate').ok);
  assert.not.ok(parseQuantity(`${'9'.repeat(1000)}s`, 'duration').ok, 'a 1000-digit mantissa');
});

test('an arrival trace with an infinite time is refused at its line', () => {
  assert.equal(parseTrace('t\n0\n1e400\n'), { ok: false, line: 3, message: 'expected a finite arrival time in seconds, found "1e400"' });
});

test('time_limit: 1e309s refused at its line; more than 10 years refused with the reason; 10 years accepted', () => {
  assert.match(errorOf(fixture('huge-duration.yaml')), `${fixture('huge-duration.yaml')}:2:13: time_limit: expected a duration`);
  assert.match(errorOf(quick, ['time_limit=1e309s']), 'not finite');
  const m = errorOf(quick, ['time_limit=3653d']);
  assert.match(m, '--set time_limit=3653d: time_limit: expected a duration of at most 10 years (315576000 s');
  assert.is(MAX_TIME_LIMIT_S, 315576000);
  assert.is(loadScenario(quick, ['time_limit=3652.5d']).config.timeLimit, MAX_TIME_LIMIT_S);
});

// ---- YAML: alias bombs, duplicate keys in linear time, size cap ----

test('a YAML alias bomb is a located UserError, not an internal error', () => {
  const m = errorOf(fixture('alias-bomb.yaml'));
  assert.match(m, `${fixture('alias-bomb.yaml')}:3:8: YAML aliases: expected at most 100 alias expansions`);
});

test('duplicate keys are found in one pass: 60k keys parse in well under the quadratic check\'s time', () => {
  const lines = Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}\n`).join('');
  const t0 = performance.now();
  assert.throws(() => parseYamlLayer('dup.yaml', `${lines}k17: again\n`), (e: Error) => isUserError(e) && /dup\.yaml:60001:1: YAML syntax error: expected each key once in a mapping, found "k17" again/.test(e.message));
  const layer = parseYamlLayer('wide.yaml', lines);
  const s = (performance.now() - t0) / 1000;
  assert.is(Object.keys(layer.data).length, 60_000);
  // the yaml package's own check took 146 s for 100k keys (~50 s for 60k); one pass takes ~1 s here
  assert.ok(s < 10, `two parses of 60k keys took ${s.toFixed(1)} s`);
});

test('scenario files over 1 MiB are refused before parsing, with the reason', () => {
  const dir = tempDir();
  try {
    const big = path.join(dir, 'big.yaml');
    fs.writeFileSync(big, `# ${'x'.repeat(MAX_FILE_BYTES.yaml)}\n`);
    const m = errorOf(big);
    assert.match(m, `${big}: expected a file of at most 1 MiB (scenario and price files are a few kB), found 1 MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// ---- extends and other named files: only regular files, bounded, no contents in messages ----

test('extends of a FIFO, /dev/zero or /proc/self/environ: refused at once, nothing of the environment shown', () => {
  const dir = tempDir();
  try {
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const rel = path.relative(dir, '/');
    fs.writeFileSync(path.join(dir, 'fifo.yaml'), 'extends: pipe.yaml\n');
    fs.writeFileSync(path.join(dir, 'zero.yaml'), `extends: ${rel}/dev/zero\n`);
    fs.writeFileSync(path.join(dir, 'environ.yaml'), `extends: ${rel}/proc/self/environ\n`);
    // a child process, so that a regression hangs only it (killed by the timeout), not the suite
    const secret = 'kiosk-test-secret-7f3a9c';
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'sim/cli/main.ts', 'validate', ...['fifo', 'zero', 'environ'].map((f) => path.join(dir, `${f}.yaml`))], {
      cwd: repo, encoding: 'utf8', timeout: 60_000, env: { AAA_KIOSK_SECRET: secret, ...process.env },
    });
    assert.is(r.signal, null, 'validate did not hang');
    assert.is(r.status, 2, r.stderr);
    assert.match(r.stderr, `${path.join(dir, 'pipe.yaml')}: cannot read the file: expected a regular file, found a device, FIFO or socket`);
    assert.match(r.stderr, `/dev/zero: cannot read the file: expected a regular file, found a device, FIFO or socket (named by extends at ${path.join(dir, 'zero.yaml')}:1:10)`);
    assert.match(r.stderr, '/proc/self/environ:1:1: (top level): expected a mapping of scenario settings (key: value lines), found one text of');
    assert.not.match(r.stderr, secret);
    assert.not.match(r.stderr, 'AAA_KIOSK_SECRET');
    assert.not.match(r.stderr, /\n\s+at /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a long value in a message is cut to a short excerpt', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'long.yaml');
    fs.writeFileSync(file, `extends: kiosk-2020\ntime_limit: "${'s3cr3t'.repeat(2000)}"\n`);
    const m = errorOf(file);
    assert.match(m, `${file}:2:13: time_limit: expected a duration`);
    assert.match(m, '... (12000 characters)');
    assert.ok(m.length < 600, `message of ${m.length} characters`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('readTextFile: regular files only, bounded, strict UTF-8 with line and byte offset', () => {
  assert.throws(() => readTextFile('/dev/zero', 'yaml'), /expected a regular file/);
  assert.throws(() => readTextFile(here, 'yaml'), /it is a directory/);
  assert.throws(() => readTextFile(path.join(here, 'no-such-file.yaml'), 'yaml'), /no such file/);
  assert.equal(firstInvalidUtf8(Buffer.from('ok\nstill ok\ncaf\xe9', 'latin1')), { offset: 15, line: 3 });
  assert.is(firstInvalidUtf8(Buffer.from('café ☕ 𝄞', 'utf8')), undefined);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), { offset: 1, line: 1 }, 'a UTF-16 surrogate is not UTF-8');
});

test('Latin-1 input is refused with the file, line and byte offset', () => {
  const m = errorOf(fixture('latin1.yaml'));
  assert.match(m, `${fixture('latin1.yaml')}:3: expected UTF-8 text, found an invalid byte (0xe9) at byte offset`);
});

// ---- own keys only: __proto__, constructor, toString ----

test('extends: __proto__ is no preset', () => {
  assert.match(errorOf(fixture('proto-extends.yaml')), `${fixture('proto-extends.yaml')}:1:10: extends: expected a built-in preset (kiosk-2020, kiosk-2019) or a .yaml file, found "__proto__"`);
  assert.match(errorOf(quick, ['cluster.pools.gpu.machine=toString']), 'cluster.pools.gpu.machine: expected a machine type of the built-in catalogue');
});

test('gpu_type must be a key of the price table itself: toString is refused at load', () => {
  assert.match(errorOf(fixture('unknown-gpu-type.yaml')), `${fixture('unknown-gpu-type.yaml')}:4:21: cluster.pools.gpu.gpu_type: expected a GPU type with a price in cost.prices.gpus (V100, T4, P100, P4, K80), found "toString"`);
  assert.match(errorOf(quick, ['cluster.pools.gpu.gpu_type=constructor']), 'cluster.pools.gpu.gpu_type: expected a GPU type with a price');
});

test('__proto__, constructor, prototype are refused in files, --set paths and --set values; no prototype changes', () => {
  assert.match(errorOf(fixture('proto-key.yaml')), `${fixture('proto-key.yaml')}:5:7: cost.prices.gpus.__proto__: unknown key "__proto__" (a reserved word`);
  assert.match(errorOf(quick, ['cost.prices.gpus.__proto__.on_demand=1']), '--set cost.prices.gpus.__proto__.on_demand=1: cost.prices.gpus.__proto__.on_demand: unknown setting "__proto__"');
  assert.match(errorOf(quick, ['cost.prices.gpus={__proto__: {on_demand: 1, preemptible: 1}}']), 'cost.prices.gpus.__proto__: unknown key "__proto__"');
  assert.match(errorOf(fixture('proto-price-file.yaml')), `${path.join(path.dirname(fixture('proto-price-file.yaml')), 'proto-prices.yaml')}:4:3: cost.prices.gpus.constructor: unknown key "constructor"`);
  assert.match(errorOf(quick, ['constructor=1']), 'constructor: unknown setting "constructor"');
  assert.match(errorOf(quick, ['cost.prices.machines.prototype.on_demand=1']), 'unknown setting "prototype"');
  assert.match(errorOf(quick, ['workload.toString=1']), 'workload.toString: unknown setting "toString" under workload');
  // the merge itself skips them, whatever a caller passes
  const over = JSON.parse('{"a": 1, "__proto__": {"polluted": true}}') as object;
  const merged = deepMerge({ b: 2 }, over) as Record<string, unknown>;
  assert.equal(merged, { b: 2, a: 1 });
  assert.is(Object.getPrototypeOf(merged), Object.prototype);
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

// ---- name, description, extends through --set ----

test('--set name= and description= apply; --set extends= is refused with what to do instead', () => {
  const s = loadScenario(quick, ['name=renamed', 'description=set on the command line']);
  assert.is(s.config.name, 'renamed');
  assert.is(s.input.name, 'renamed');
  assert.is(s.input.description, 'set on the command line');
  assert.is(s.resolved.name, 'renamed');
  assert.match(errorOf(quick, ['extends=kiosk-2019']), `${quick}: --set extends=kiosk-2019: extends: cannot be set with --set`);
});

test('names that are not one plain path segment are refused at `name`', () => {
  assert.match(errorOf(fixture('path-name.yaml')), `${fixture('path-name.yaml')}:2:7: name: expected a scenario name usable as a directory name (no "/" or "\\"), found a path separator`);
  assert.match(errorOf(quick, ['name=a..b']), '--set name=a..b: name: expected a scenario name usable as a directory name (no "..")');
  assert.match(errorOf(quick, ['name=..']), 'name: expected a scenario name usable as a directory name');
  assert.match(errorOf(quick, ['name="a\\0b"']), 'no control characters such as NUL');
  assert.match(errorOf(quick, ['name=x\\y']), 'found a path separator');
  assert.match(errorOf(quick, ["name=''"]), 'found an empty name');
  assert.match(errorOf(quick, [`name=${'n'.repeat(201)}`]), 'of at most 200 characters');
});

test.run();

test('an integer beyond 2^53-1 in a file is refused at its line, not rounded (seed 9007199254740993 would run as ...992)', () => {
  const dir = tempDir();
  try {
    for (const [value, shown] of [['9007199254740993', '9007199254740993'], ['-9007199254740993', '-9007199254740993'], ['0x20000000000001', '0x20000000000001']]) {
      const file = path.join(dir, 'big.yaml');
      fs.writeFileSync(file, `extends: ${JSON.stringify(quick.startsWith('/') ? quick : path.resolve(quick))}\nseed: ${value}\n`);
      const msg = errorOf(file);
      assert.match(msg, /big\.yaml:2:7: expected an integer of at most 9007199254740991/);
      assert.ok(msg.includes(shown), msg);
    }
    // the largest exact one still loads, and floats beyond 2^53 are not integers written by the user
    const ok = path.join(dir, 'ok.yaml');
    fs.writeFileSync(ok, `extends: ${JSON.stringify(path.resolve(quick))}\nseed: 9007199254740991\n`);
    assert.is(loadScenario(ok, []).config.seed, 9007199254740991);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
