import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '../../sim/cli/errors.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => path.relative(process.cwd(), path.join(here, '..', 'fixtures', 'scenario', name));
const quick = path.relative(process.cwd(), path.join(here, '..', '..', 'scenarios', 'examples', 'quick.yaml'));

/** The UserError message of loading `file`, or a failure if it loads. */
function errorOf(file: string, overrides: string[] = []): string {
  try {
    loadScenario(file, overrides);
  } catch (e) {
    assert.ok(isUserError(e), `expected a UserError, got ${(e as Error).stack}`);
    assert.not.match((e as Error).message, /\n\s+at /, 'no stack trace in the message');
    return (e as Error).message;
  }
  assert.unreachable(`${file} loaded without error`);
  return '';
}

// ---- errors: each names file, line:col, YAML path and what was expected ----

test('unknown key: rejected at its line with a did-you-mean', () => {
  const m = errorOf(fixture('unknown-key.yaml'));
  assert.match(m, `${fixture('unknown-key.yaml')}:4:3: workload.imagse_per_zip: unknown key "imagse_per_zip"; did you mean "images_per_zip"?`);
});

test('wrong unit: a bandwidth where a duration is expected', () => {
  const m = errorOf(fixture('wrong-unit.yaml'));
  assert.match(m, `${fixture('wrong-unit.yaml')}:5:18: workload.arrival.start_delay: expected a duration`);
  assert.match(m, 'found "2.4Gbps": "Gbps" is a unit of bandwidth, not of time');
});

test('negative bandwidth: expected > 0 with the unit, found the value as written', () => {
  const m = errorOf(fixture('negative-bandwidth.yaml'));
  assert.match(m, `${fixture('negative-bandwidth.yaml')}:5:18: storage.steps.zip_down.bandwidth: expected a bandwidth > 0 bit/s, found "-240Mbps"`);
});

test('max < min: located at max, says which min', () => {
  const m = errorOf(fixture('max-below-min.yaml'));
  assert.match(m, `${fixture('max-below-min.yaml')}:6:12: cluster.pools.gpu.max: expected max >= min (4 nodes), found 2`);
});

test('zero GPUs when the work needs one', () => {
  const m = errorOf(fixture('zero-gpus.yaml'));
  assert.match(m, `${fixture('zero-gpus.yaml')}:7:12: cluster.pools.gpu.max: expected at least 1 GPU node`);
  assert.match(m, '1000 images need tf-serving');
  assert.match(m, 'found 0');
});

test('bad --set path: did-you-mean on the misspelt segment', () => {
  const m = errorOf(quick, ['cluster.pools.gpu.mx=4']);
  assert.match(m, `${quick}: --set cluster.pools.gpu.mx=4: cluster.pools.gpu.mx: unknown setting "mx" under cluster.pools.gpu; did you mean "max"?`);
  const top = errorOf(quick, ['worklaod.images=5']);
  assert.match(top, 'unknown setting "worklaod" at the top level; did you mean "workload"?');
});

test('bad --set value: located at the override with the expectation', () => {
  const m = errorOf(quick, ['cluster.pools.gpu.max=-1']);
  assert.match(m, `${quick}: --set cluster.pools.gpu.max=-1: cluster.pools.gpu.max: expected an integer >= 0, found -1`);
  assert.match(errorOf(quick, ['cluster.zones=two']), 'cluster.zones: expected an integer >= 1, found "two"');
  assert.match(errorOf(quick, ['cluster.zones']), 'expected path=value');
});

test('YAML syntax error: file, line and column of the problem', () => {
  const m = errorOf(fixture('syntax-error.yaml'));
  assert.match(m, new RegExp(`^${fixture('syntax-error.yaml').replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML syntax error: `));
});

test('error in an extended base file is located in the base file', () => {
  const m = errorOf(fixture('bad-in-base-child.yaml'));
  assert.match(m, `${fixture('bad-base.yaml')}:4:15: redis.janitor.interval: expected a duration`);
  assert.match(m, 'found "5 seconds"');
});

test('circular extends and unknown presets are explained', () => {
  assert.match(errorOf(fixture('cycle-a.yaml')), 'circular extends chain');
  assert.match(errorOf(fixture('unknown-preset.yaml')), 'extends: expected a built-in preset (kiosk-2020, kiosk-2019) or a .yaml file, found "kiosk-2021"; did you mean "kiosk-2020"?');
});

test('a parameter foreign to the arrival kind is rejected at its key', () => {
  const m = errorOf(fixture('foreign-param.yaml'));
  assert.match(m, `${fixture('foreign-param.yaml')}:3:`);
  assert.match(m, 'workload.arrival.start_delay: expected only rate, unit for arrival kind poisson, found "start_delay"');
});

test('a distribution with max < min is rejected', () => {
  const m = errorOf(fixture('bad-distribution.yaml'));
  assert.match(m, 'serving.startup.max: expected max >= min (30 s), found 10 s');
  assert.match(m, `${fixture('bad-distribution.yaml')}:3:`);
});

test('a trace that is not ascending names the CSV line', () => {
  const m = errorOf(fixture('bad-trace.yaml'));
  assert.match(m, /bad-trace\.csv:4: expected ascending times \(>= 3 s of the row before\), found 2/);
});

test('a missing file is a user error, not a crash', () => {
  assert.match(errorOf(fixture('does-not-exist.yaml')), 'cannot read the file: no such file');
});

test('a missing serving profile names the setting', () => {
  assert.match(errorOf(quick, ['serving.profile=nowhere/profile.json']), /--set serving\.profile=nowhere\/profile\.json: serving\.profile: expected a serving profile JSON file, found no readable file/);
});

// ---- overrides ----

test('--set overrides: cluster.zones, cluster.pools.gpu.max, workload.images', () => {
  const base = loadScenario(quick).config;
  const s = loadScenario(quick, ['cluster.zones=3', 'cluster.pools.gpu.max=4', 'workload.images=1000']);
  assert.is(base.cluster.zones, 1);
  assert.is(s.config.cluster.zones, 3);
  assert.is(s.config.cluster.pools.gpu.max, 4);
  assert.is(s.config.workload.images, 1000);
  assert.is((s.resolved.workload as { images: number }).images, 1000);
});

test('--set values are YAML: units, numbers, mappings; later overrides win', () => {
  const s = loadScenario(quick, [
    'storage.bandwidth=1Gbps',
    'workload.images=1e3',
    'serving.startup={kind: exponential, mean: 2m}',
    'seed=5',
    'seed=6',
  ]);
  assert.is(s.config.storage.steps.imageDown.bandwidthBps, 1e9);
  assert.is(s.config.workload.images, 1000);
  assert.equal(s.config.serving.startup, { kind: 'exponential', mean: 120 });
  assert.is(s.config.seed, 6);
});

test('replications come from the file and from --set', () => {
  const cell = path.relative(process.cwd(), path.join(here, '..', '..', 'scenarios', 'paper', '2020-4gpu-5.0s-10k.yaml'));
  assert.is(loadScenario(cell).replications, 3);
  assert.is(loadScenario(cell, ['replications=5']).replications, 5);
});

// ---- extends, merging, names ----

test('extends a YAML file: deep merge, name not inherited, preset chain applied', () => {
  const s = loadScenario(fixture('child.yaml'));
  const c = s.config;
  assert.is(c.name, 'child');
  assert.is(c.era, '2019');
  assert.is(c.workload.images, 5000); // from base.yaml
  assert.is(c.cluster.pools.gpu.max, 4); // from base.yaml
  assert.equal(c.workload.arrival, { kind: 'paced', startDelay: 5 }); // kind from the preset, delay from child
  assert.equal(c.serving.startup, { kind: 'lognormal', mean: 90, cv: 0.3 }); // mean from child, cv from defaults
  assert.is(c.serving.batching.maxBatchSize, 1); // kiosk-2019
});

test('a mapping with a different kind replaces the one below; a plain duration is a constant', () => {
  const s = loadScenario(quick, ['serving.startup={kind: uniform, min: 1s, max: 2s}', 'consumers.image.startup=3s']);
  assert.equal(s.config.serving.startup, { kind: 'uniform', min: 1, max: 2 });
  assert.equal(s.config.consumers.image.startup, { kind: 'constant', value: 3 });
});

test('relative profile path, service_time and postprocess "profile"', () => {
  const s = loadScenario(fixture('textbook.yaml'));
  assert.is(s.config.serving.serviceTime.kind, 'profile');
  if (s.config.serving.serviceTime.kind === 'profile') assert.is(s.config.serving.serviceTime.profile.name, 'fixture-tiny');
  assert.equal(s.config.consumers.image.postprocess, { kind: 'profile' });
  assert.is((s.resolved.serving as { profile: string }).profile, 'test/fixtures/scenario/profile-tiny.json');
});

test('trace arrivals: header and comments skipped, times kept up to the images needed', () => {
  const s = loadScenario(fixture('trace.yaml'));
  assert.equal(s.config.workload.arrival, { kind: 'trace', times: [0.5, 1.25, 2, 7], unit: 'image' });
  assert.match(errorOf(fixture('trace.yaml'), ['workload.images=9']), 'workload.images: expected at most the trace\'s 5 arrivals x 1 image(s) = 5 images, found 9');
});

test('a price file adds and overrides prices', () => {
  const c = loadScenario(fixture('price-file.yaml')).config;
  assert.equal(c.cost.prices.gpus.A100, { onDemand: 3.67, preemptible: 1.1 });
  assert.equal(c.cost.prices.machines['n1-highmem-2'], { onDemand: 0.2, preemptible: 0.05 });
  assert.equal(c.cost.prices.machines['n1-standard-2'], { onDemand: 0.095, preemptible: 0.02 });
  assert.is(c.cluster.pools.gpu.machine.gpuType, 'A100');
});

test('a GPU type without a price is rejected', () => {
  assert.match(errorOf(quick, ['cluster.pools.gpu.gpu_type=H100']), 'cluster.pools.gpu.gpu_type: expected a GPU type with a price in cost.prices.gpus');
});

test('the resolved scenario is plain JSON that loads to the same config', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const s = loadScenario(fixture('child.yaml'), ['cluster.zones=1']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-scenario-'));
  const file = path.join(dir, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify(s.resolved));
  const again = loadScenario(file);
  assert.equal(again.config, s.config);
  fs.rmSync(dir, { recursive: true });
});

test('impossible pod placement: tf-serving larger than the GPU node', () => {
  assert.match(errorOf(quick, ['serving.resources.memory=64GiB']), /serving\.resources\.memory: expected at most the GPU node's allocatable memory \([\d.]+ GiB on n1-highmem-2\), found 64 GiB/);
});

test('TF-Serving rejects requests larger than max_batch_size', () => {
  assert.match(errorOf(quick, ['serving.batching.max_batch_size=8']), 'serving.batching.max_batch_size: expected at least the request size (16 = serving.tiling.tiles_per_request');
});

test('fixed replicas beyond the GPU pool are rejected', () => {
  assert.match(errorOf(quick, ['autoscaling.fixed.serving=3']), 'autoscaling.fixed.serving: expected at most 1 tf-serving pods (cluster.pools.gpu.max 1 nodes x 1 per node), found 3');
});


test('a bad parameter inside a distribution is located at that parameter, not at the whole mapping', () => {
  assert.match(
    errorOf(quick, ['consumers.zip.startup.kind=1bps']),
    'consumers.zip.startup.kind: expected one of "constant", "uniform", "exponential", "normal", "lognormal", "gamma", "empirical", "bathtub", found "1bps"',
  );
  assert.match(errorOf(quick, ['consumers.image.preprocess.cv=1e-12s']), 'consumers.image.preprocess.cv: expected a number >= 0, found "1e-12s"');
});

test('a distribution given something that is neither a duration nor a mapping says what it takes', () => {
  for (const bad of ['null', '[]', 'true']) {
    const m = errorOf(quick, [`consumers.image.preprocess=${bad}`]);
    assert.match(m, 'consumers.image.preprocess: expected a plain duration');
    assert.match(m, `or a mapping {kind: ..., parameters}; found ${bad === '[]' ? 'a list' : bad}`);
  }
});

test('--set path=null is reported as null; an empty value as ""', () => {
  assert.match(errorOf(quick, ['autoscaling.image_consumer.min=null']), 'autoscaling.image_consumer.min: expected an integer >= 0, found null');
  assert.match(errorOf(quick, ['autoscaling.image_consumer.min=']), 'autoscaling.image_consumer.min: expected an integer >= 0, found ""');
});

test('periods too short to mean anything are refused with the reason (a 1 ns timer would never finish)', () => {
  const why = '(a shorter period changes nothing modelled and only multiplies events)';
  for (const path of ['timeseries_interval', 'redis.janitor.interval', 'autoscaling.hpa.sync_period', 'autoscaling.metrics.scrape_interval',
    'autoscaling.metrics.eval_interval', 'autoscaling.kiosk_autoscaler.interval', 'autoscaling.keda.polling_interval', 'cluster.autoscaler.scan_interval']) {
    assert.match(errorOf(quick, [`${path}=50ms`]), `${path}: expected a duration >= 0.1 s ${why}, found "50ms"`);
    loadScenario(quick, [`${path}=100ms`]); // the floor itself is accepted
  }
  assert.match(errorOf(quick, ['serving.grpc.retry_backoff=0']), `serving.grpc.retry_backoff: expected a duration >= 0.001 s ${why}, found 0`);
  assert.match(errorOf(quick, ['redis.rotation_tick=1ns']), `redis.rotation_tick: expected a duration of 0 or >= 0.001 s ${why}, found "1ns"`);
  for (const ok of ['redis.rotation_tick=0', 'redis.rotation_tick=1ms', 'serving.grpc.retry_backoff=1ms']) loadScenario(quick, [ok]);
});

test('an image needing more than 10^6 Predict calls is refused before it can exhaust memory', () => {
  const m = errorOf(quick, ['workload.image_width=99999999999']);
  assert.match(m, 'workload.image_width: expected an image that needs at most 1000000 Predict calls, found 99999999999 x 1080 px');
  assert.match(errorOf(quick, ['serving.tiling.tile_size=1', 'workload.image_width=100000', 'workload.image_height=100000']), '625000000 calls of 16');
  loadScenario(quick, ['workload.image_width=100000', 'workload.image_height=100000']); // a whole-slide image: ~17,000 calls
});

test('sizes beyond what fits in memory are refused with the reason', () => {
  assert.match(errorOf(quick, ['workload.images=1000000000']), 'workload.images: expected an integer >= 1 and <= 100000000 (each image keeps ~100 bytes of records; 10^8 is ~10 GB), found 1000000000');
  assert.match(errorOf(quick, ['autoscaling.fixed.image_consumers=100000000']), 'autoscaling.fixed.image_consumers: expected an integer >= 0 and <= 1000000');
});

test.run();
