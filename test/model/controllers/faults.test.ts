import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { runOne } from '../../../sim/results/runScenario.ts';
import type { ReplicationResult } from '../../../sim/results/runResult.ts';
import { IMAGE_STATUS } from '../../../sim/model/record.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

const HOUR = 3600;

/** Every array of the record and every logged event, hashed. */
function recordHash(r: ReplicationResult): string {
  const h = createHash('sha256');
  const rec = r.record;
  for (const a of [rec.submitted, rec.enqueued, rec.popped, rec.serving, rec.finished, rec.retries, rec.attempts, rec.status]) h.update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify(r.events));
  h.update(JSON.stringify(r.cost));
  return h.digest('hex');
}

test('preemption: every image finishes exactly once, work redone is not counted twice, nothing lost', () => {
  const cfg = dynamicConfig({ images: 3000, startDelay: 2, gpuMax: 3, preemption: { model: 'exponential', meanLifetime: 900, notice: 30, grace: 15, cap: 24 * HOUR } });
  const r = runOne(cfg, 11);
  assert.ok(r.completed, r.reason);
  assert.ok(r.counters.preemptions! >= 3, `preemptions: ${r.counters.preemptions}`);
  assert.ok(r.counters.requeued! > 0, 'the janitor requeued keys of killed consumers');
  const rec = r.record;
  assert.is(rec.completed, 3000);
  assert.is(rec.failed, 0);
  let redone = 0;
  for (let i = 0; i < rec.count; i++) {
    assert.is(rec.status[i], IMAGE_STATUS.done);
    assert.ok(Number.isFinite(rec.finished[i]!));
    if (rec.attempts[i]! > 1) redone++;
  }
  assert.ok(redone > 0, 'some images were worked on twice');
  // a zip counts its children as they finish: any image finished twice would push it past 100
  const zips = Math.ceil(3000 / 100);
  const perZip = new Array(zips).fill(0);
  for (let i = 0; i < rec.count; i++) perZip[rec.zip[i]!]++;
  assert.ok(perZip.every((n) => n === 100));
  const removed = r.events.filter((e) => e.kind === 'node_removed' && e.detail === 'preempted');
  const noticed = r.events.filter((x) => x.kind === 'preemption' && x.t + 30 <= r.makespan);
  assert.is(removed.length, noticed.length, 'each preempted node vanished (unless the run ended first)');
  for (const e of noticed) {
    const gone = removed.find((x) => x.target === e.target)!;
    assert.ok(Math.abs(gone.t - e.t - 30) < 1e-9, 'the VM stops 30 s after the notice');
  }
});

test('determinism with all dynamics on: same seed, same record; another seed, another record', () => {
  const cfg = dynamicConfig({
    images: 1500, startDelay: 2, gpuMax: 2, crashMtbf: 200,
    preemption: { model: 'bathtub', A: 0.414, b: 24.45 * HOUR, tau1: 0.1 * HOUR, tau2: 0.767 * HOUR, notice: 30, grace: 15, cap: 24 * HOUR },
  });
  const a = runOne(cfg, 42);
  const b = runOne(cfg, 42);
  const c = runOne(cfg, 43);
  assert.ok(a.completed && c.completed);
  assert.ok(a.counters.crashes! > 0 && a.counters.preemptions! > 0, `crashes ${a.counters.crashes}, preemptions ${a.counters.preemptions}`);
  assert.is(recordHash(a), recordHash(b));
  assert.is.not(recordHash(a), recordHash(c));
});

test('KEDA policy: consumers start at zero and are scaled from LLEN; the run completes', () => {
  const cfg = dynamicConfig({ images: 1000, startDelay: 2, gpuMax: 2, policy: 'keda' });
  const r = runOne(cfg, 2);
  assert.ok(r.completed, r.reason);
  assert.ok(r.events.some((e) => e.kind === 'scale' && e.target === 'image-consumer' && /keda ActivateFromZero/.test(e.detail)));
});

test.run();
