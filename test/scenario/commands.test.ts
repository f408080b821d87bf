// Tests of sim/cli/validate.ts and sim/cli/schema.ts (the scenario commands). Handlers run in-process
// with stdout/stderr captured; one subprocess run checks the real exit code and streams.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../sim/cli/errors.ts';
import { schemaCommand } from '../../sim/cli/schema.ts';
import { validateCommand } from '../../sim/cli/validate.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const rel = (p: string) => path.relative(process.cwd(), path.join(repo, p));

/** Runs a command handler, capturing what it writes; `error` is the UserError it threw, if any. */
async function capture(run: () => unknown) {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  let error: Error | undefined;
  try {
    await run();
  } catch (e) {
    error = e as Error;
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return { stdout, stderr, error };
}

const validate = (files: string[], set: string[] = []) =>
  capture(() => validateCommand.handler({ files, set, _: [], $0: 'kiosk-sim' } as never));

test('validate prints one ok line per valid file', async () => {
  const r = await validate([rel('scenarios/examples/quick.yaml'), rel('scenarios/paper/2020-8gpu-0.5s-1m.yaml')]);
  assert.is(r.error, undefined);
  assert.match(r.stdout, `${rel('scenarios/examples/quick.yaml')}: ok (quick, era 2020, 200 images, paced 0.5 s, 1 GPU fixed`);
  assert.match(r.stdout, `${rel('scenarios/paper/2020-8gpu-0.5s-1m.yaml')}: ok (2020-8gpu-0.5s-1m, era 2020, 1000000 images, paced 0.5 s, GPU max 8 preemptible V100, 2 zones`);
});

test('validate reports each bad file with file:line:col and ends with a UserError (exit 2)', async () => {
  const r = await validate([rel('scenarios/examples/quick.yaml'), rel('test/fixtures/scenario/unknown-key.yaml')]);
  assert.ok(r.error && isUserError(r.error));
  assert.is(r.error!.message, '1 of 2 scenario files are invalid');
  assert.match(r.stdout, 'quick.yaml: ok');
  assert.match(r.stderr, `${rel('test/fixtures/scenario/unknown-key.yaml')}:4:3: workload.imagse_per_zip: unknown key`);
});

test('validate applies --set overrides', async () => {
  const ok = await validate([rel('scenarios/examples/quick.yaml')], ['workload.images=1000', 'cluster.zones=2']);
  assert.is(ok.error, undefined);
  assert.match(ok.stdout, '1000 images');
  assert.match(ok.stdout, '2 zones');
  const bad = await validate([rel('scenarios/examples/quick.yaml')], ['cluster.pools.gpu.maximum=4']);
  assert.ok(bad.error && isUserError(bad.error));
  assert.match(bad.stderr, 'did you mean "max"?');
});

test('validate reports every problem of a file in one pass, in file order, then the --set ones', async () => {
  const f = rel('test/fixtures/scenario/many-errors.yaml');
  const r = await validate([f], ['cluster.pools.gpu.max=-2']);
  assert.ok(r.error && isUserError(r.error));
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.map((l) => l.split(': ').slice(0, 2).join(': ')), [
    `${f}:4:7: seed`,
    `${f}:6:11: workload.images`,
    `${f}:7:3: workload.imagse_per_zip`,
    `${f}:8:39: workload.arrival.start_delay`,
    `${f}:10:10: cluster.zones`,
    `${f}:11:13: time_limit`,
    `${f}: --set cluster.pools.gpu.max=-2`,
  ]);
  const checks = rel('test/fixtures/scenario/many-checks.yaml');
  const c = await validate([checks]);
  assert.equal(c.stderr.trim().split('\n').map((l) => l.split(': ').slice(0, 2).join(': ')), [
    `${checks}:3:13: time_limit`, `${checks}:6:24: cluster.pools.gpu.max`, `${checks}:8:40: serving.restart_backoff.max`,
  ]);
  // run (loadScenario without allProblems) still stops at the first
  assert.throws(() => loadScenario(f), (e: Error) => isUserError(e) && e.message === `${f}:4:7: seed: expected an integer >= 0, found -1`);
});

test('schema prints the JSON Schema as JSON on stdout', async () => {
  const r = await capture(() => schemaCommand.handler({ _: [], $0: 'kiosk-sim' }));
  assert.is(r.error, undefined);
  const s = JSON.parse(r.stdout) as { properties: Record<string, unknown> };
  for (const k of ['seed', 'replications', 'workload', 'cluster', 'name', 'extends', 'time_limit', 'timeseries_interval']) assert.ok(k in s.properties, k);
});

test('kiosk-sim validate exits 2 with the located message on stderr and no stack trace', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'sim/cli/main.ts', 'validate', 'test/fixtures/scenario/max-below-min.yaml'], { cwd: repo, encoding: 'utf8' });
  assert.is(r.status, 2);
  assert.is(r.stdout, '');
  assert.match(r.stderr, 'test/fixtures/scenario/max-below-min.yaml:6:12: cluster.pools.gpu.max: expected max >= min (4 nodes), found 2');
  assert.not.match(r.stderr, /\n\s+at /);
});

test.run();
