/** kiosk-sim run with gpu_type and cost.price_table: what the console and --json say, and refusals with exit code 2. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GPU_CATALOGUE } from '../../sim/scenario/gpuCatalogue.ts';

const bin = path.resolve('sim/cli/bin.mjs');
const kioskSim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
const quick = 'scenarios/examples/quick.yaml';
const headline = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';

const cli = suite('kiosk-sim run: GPU speed and prices');
cli('--json: gpu_speed says derived, names the T4 profile and its range; prices name the table and its date', () => {
  const r = kioskSim('run', quick, '--json', '--set', 'cluster.pools.gpu.gpu_type=T4');
  assert.is(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.is(s.gpu_speed.provenance, 'derived');
  assert.is(s.gpu_speed.gpu, 'T4');
  assert.is(s.gpu_speed.profile, GPU_CATALOGUE.T4.profiles['panoptic-2020']);
  assert.is(s.gpu_speed.source, GPU_CATALOGUE.T4.speedSource);
  const [lo, hi] = s.gpu_speed.range_images_per_s;
  assert.ok(lo > 0 && lo < s.meta.gpu_images_per_s && s.meta.gpu_images_per_s < hi, `${lo} ${s.meta.gpu_images_per_s} ${hi}`);
  assert.equal(s.prices, { table: 'gcp-2019-06', date: '2019-06-17' });
});
cli('the console states the provenance, the price table, and a disagreeing explicit profile', () => {
  const r = kioskSim('run', quick, '--set', 'cluster.pools.gpu.gpu_type=H100', '--set', 'cost.price_table=gce-us-west1-2026-12');
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /GPU speed\s+DERIVED for H100, [\d.]+-[\d.]+ images\/s per GPU \(calibrate\/profiles\/h100\/panoptic\/derived-panoptic-2020\.json\)/);
  assert.match(r.stdout, /prices\s+gce-us-west1-2026-12 \(prices of 2026-12-01\)/);
  const e = kioskSim('run', quick, '--set', 'cluster.pools.gpu.gpu_type=T4', '--set', `serving.profile=${GPU_CATALOGUE.V100.profiles['panoptic-2020']}`);
  assert.is(e.status, 0, e.stderr);
  assert.match(e.stdout, /note\s+serving\.profile calibrate\/profiles\/v100\/panoptic\/paper-2020\.json is set explicitly, so it gives the GPU speed; gpu_type T4 sets only the price and the host machine/);
});
cli('gpu_type K80: exit code 2, the GPU types that have a profile, how to add one, no stack trace', () => {
  const r = kioskSim('run', headline, '--set', 'cluster.pools.gpu.gpu_type=K80');
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, 'cluster.pools.gpu.gpu_type: expected a GPU type with a serving profile for the 2020 PanopticNet (V100, T4, A100, L4, H100), found "K80"');
  assert.match(r.stderr, 'calibrate/gpu_runner.py');
  assert.not.match(r.stderr, /\n\s+at /);
  assert.is(r.stdout, '');
});
cli('a GPU the named table does not offer: exit code 2 with the reason', () => {
  const r = kioskSim('run', headline, '--set', 'cluster.pools.gpu.gpu_type=L4');
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, 'found "L4": it is not in the kiosk\'s 2019-06-17 price table');
  assert.match(r.stderr, 'set cost.price_table: gce-us-west1-2026-12');
  assert.not.match(r.stderr, /\n\s+at /);
});
cli.run();
