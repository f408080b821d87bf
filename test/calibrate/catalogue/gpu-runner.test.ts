/**
 * calibrate/gpu_runner.py: its committed CPU sample loads through the simulator's profile loader (always run), and
 * the runner itself runs on CPU and writes loadable profiles (run only where some python3 can import torch;
 * otherwise this file says NOT RUN and that part counts as nothing, not as a pass).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBatchTimeSampler, parseProfile, type ServingProfile } from '../../../sim/model/serving/profile.ts';
import { fitLatency } from '../../../calibrate/fit.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SAMPLE = path.join(ROOT, 'test/fixtures/calibrate/gpu-runner-sample.json');
const RUNNER = path.join(ROOT, 'calibrate/gpu_runner.py');
/** No __pycache__ left in calibrate/ by importing the runner. */
const PY_ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

function assertFitMatchesTs(p: ServingProfile) {
  const ts = fitLatency(p.samples, p.fit.tilePixels);
  for (const k of ['a', 'b', 'rmseSeconds', 'maxRelativeError'] as const) {
    assert.ok(Math.abs(p.fit[k] - ts[k]) <= 1e-9 * Math.max(1e-12, Math.abs(ts[k])) + 1e-15, `${k}: python ${p.fit[k]} vs calibrate/fit.ts ${ts[k]}`);
  }
}

const sample = suite('gpu_runner sample output');
sample('loads through parseProfile and gives batch times within the measured spread', () => {
  const p = parseProfile(JSON.parse(readFileSync(SAMPLE, 'utf8')), SAMPLE);
  assert.is(p.provenance, 'measured');
  assert.is(p.model, 'panoptic');
  assert.equal(p.samples.map((g) => g.batchSize), [1, 2, 4]);
  assert.match(p.command, /gpu_runner\.py --device cpu/);
  assert.ok(p.notes!.some((n) => /really running/.test(n)));
  const seconds = p.samples[1]!.seconds;
  let u = 0;
  const draw = makeBatchTimeSampler(p, () => (u = (u + 0.37) % 1));
  for (let i = 0; i < 20; i++) {
    const t = draw(2, 256, 256);
    assert.ok(t >= Math.min(...seconds) - 1e-9 && t <= Math.max(...seconds) + 1e-9, `${t} outside the measured batch-2 times`);
  }
  assert.ok(draw(8, 256, 256) > 0);
});
sample('its fit is the one calibrate/fit.ts computes from its samples', () => {
  assertFitMatchesTs(parseProfile(JSON.parse(readFileSync(SAMPLE, 'utf8')), SAMPLE));
});
sample.run();

const PYTHON = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0);
if (!PYTHON) {
  console.log('\ngpu_runner.py CPU run NOT RUN: no python3 on PATH or /usr/bin can import torch (Debian: apt-get install python3-torch).');
} else {
  const run = suite('gpu_runner.py on CPU');
  run('writes one loadable profile per model, with every sample and a fit equal to calibrate/fit.ts', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'kiosk-gpu-runner-'));
    try {
      const r = spawnSync(PYTHON, [RUNNER, '--device', 'cpu', '--models', 'panoptic,featurenet', '--batch-sizes', '1,2', '--repeats', '2', '--warmup', '1', '--tile', '64x64', '--image', '32x40', '--out', out], { encoding: 'utf8', timeout: 300_000, env: PY_ENV });
      assert.is(r.status, 0, r.stderr);
      const files = readdirSync(out).sort();
      assert.is(files.length, 2, files.join(', '));
      for (const f of files) {
        const p = parseProfile(JSON.parse(readFileSync(path.join(out, f), 'utf8')), f);
        assert.is(p.samples.length, 2);
        assert.ok(p.samples.every((g) => g.seconds.length === 2));
        assert.is(p.residuals.values.length, 4);
        assert.match(p.backend, /pytorch/);
        assert.ok(p.hardware.device.length > 0);
        assertFitMatchesTs(p);
        assert.ok(makeBatchTimeSampler(p, () => 0.5)(2, p.input.tileHeight, p.input.tileWidth) > 0);
      }
      const fn = JSON.parse(readFileSync(path.join(out, files.find((f) => f.includes('featurenet'))!), 'utf8'));
      assert.equal([fn.input.tileHeight, fn.input.tileWidth], [32, 40]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  run('builds the same architectures as the TF.js models (equal parameter counts)', async () => {
    const code = [
      'import sys, torch', `sys.path.insert(0, ${JSON.stringify(path.join(ROOT, 'calibrate'))})`, 'import gpu_runner as g',
      'P, F = g.build_models(torch)',
      "n = lambda m: sum(p.numel() for p in m.parameters()) + sum(b.numel() for k, b in m.named_buffers() if not k.endswith('num_batches_tracked'))",
      'print(n(P()), n(F()))',
    ].join('\n');
    const r = spawnSync(PYTHON, ['-W', 'ignore', '-c', code], { encoding: 'utf8', timeout: 120_000, env: PY_ENV });
    assert.is(r.status, 0, r.stderr);
    const { buildPanopticNet } = await import('../../../calibrate/models/panoptic.ts');
    const { buildFeatureNet } = await import('../../../calibrate/models/featurenet.ts');
    const expected = `${buildPanopticNet({ height: 256, width: 256 }).countParams()} ${buildFeatureNet({ height: 64, width: 64 }).countParams()}`;
    assert.is(r.stdout.trim(), expected);
  });
  run('bad input exits 2 with one message naming the flag and what was expected', () => {
    const r = spawnSync(PYTHON, [RUNNER, '--device', 'cpu', '--tile', '50x50', '--out', tmpdir()], { encoding: 'utf8' });
    assert.is(r.status, 2);
    assert.match(r.stderr, /--tile: PanopticNet tiles must be multiples of 32 px/);
    assert.not.match(r.stderr, /Traceback/);
    const f = spawnSync(PYTHON, [RUNNER, '--device', 'cpu', '--dtypes', 'float16', '--out', tmpdir()], { encoding: 'utf8' });
    assert.is(f.status, 2);
    assert.match(f.stderr, /float16 needs --device cuda/);
  });
  run.run();
}
