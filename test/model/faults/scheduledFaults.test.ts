import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUserError } from '../../../sim/cli/errors.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { IMAGE_STATUS } from '../../../sim/model/record.ts';
import { loadScenario } from '../../../sim/scenario/load.ts';
import { deepMerge, type PlainObject } from '../../../sim/scenario/merge.ts';
import { configFrom } from '../../support/configFrom.ts';
import { idealOverrides } from '../../support/idealConfig.ts';

/** 20 images 0.3 s apart, 2 consumers, one server of 0.2 s per request, the janitor on, retries after 0.5 s. */
function run(faults: PlainObject[]) {
  const base = idealOverrides({ images: 20, rate: 1, service: { kind: 'constant', value: 0.2 }, servers: 1, consumers: 2 });
  const cfg = configFrom(deepMerge(base, {
    workload: { arrival: { kind: 'deterministic', interval: 0.3, unit: 'image', rate: undefined } },
    redis: { janitor: { enabled: true, interval: 1, stale_after: 3 } },
    serving: { grpc: { deadline: 5, retry_backoff: 0.5 } },
  }) as PlainObject, 'faults');
  cfg.faults = faults as unknown as typeof cfg.faults;
  cfg.timeLimit = 1000;
  const ctx = new KioskContext(cfg, 1);
  const out = ctx.run();
  const r = ctx.record;
  assert.ok(out.completed, out.reason);
  for (let i = 0; i < r.count; i++) assert.is(r.status[i], IMAGE_STATUS.done, `image ${i} done`);
  assert.is(r.completed, r.count, 'every image recorded once');
  return ctx;
}

test('no faults: no requeue, no retry (the baseline of the tests below)', () => {
  const ctx = run([]);
  assert.is(ctx.counters.requeued, 0);
  assert.is(ctx.counters.retries, 0);
});

test('consumer-kill: the first consumer holding a job dies, a new pod replaces it, the janitor requeues the key', () => {
  const ctx = run([{ at: 2, kind: 'consumer-kill', duration: 0 }]);
  assert.is(ctx.counters.requeued, 1);
  const killed = ctx.events.filter((e) => e.kind === 'pod_deleted' && e.detail === 'fault: consumer-kill');
  assert.is(killed.length, 1);
  assert.ok(Math.abs(killed[0]!.t - 2) < 0.011, `killed at ${killed[0]!.t}`);
  const twice = [...ctx.record.attempts].filter((a) => a === 2).length;
  assert.is(twice, 1, 'the requeued image was started twice, finished once');
  const running = ctx.imagePods.filter((p) => p.phase === 'running').map((p) => p.name);
  assert.is(running.length, 2, 'two consumers run again');
  assert.not.ok(running.includes(killed[0]!.target), `a new pod replaced ${killed[0]!.target}: ${running}`);
});

test('server-restart: calls queued or sent while it is down get UNAVAILABLE and are retried; nothing runs meanwhile', () => {
  const ctx = run([{ at: 2, kind: 'server-restart', duration: 1 }]);
  assert.ok(ctx.counters.retries >= 2, `retries ${ctx.counters.retries}`);
  // no image finishes its call while the server is down: finishes in (2, 3) come only from calls done before 2
  const r = ctx.record;
  for (let i = 0; i < r.count; i++) assert.ok(!(r.finished[i]! > 2 + 1e-9 && r.finished[i]! < 3 - 1e-9), `image ${i} finished at ${r.finished[i]}`);
});

test('redis-down: no consumer pops a key during the outage; all are popped after it', () => {
  const ctx = run([{ at: 2, kind: 'redis-down', duration: 1.5 }]);
  const r = ctx.record;
  for (let i = 0; i < r.count; i++) assert.ok(!(r.popped[i]! > 2 && r.popped[i]! < 3.5), `image ${i} popped at ${r.popped[i]}`);
  assert.ok([...r.popped].some((t) => Math.abs(t - 3.5) < 1e-9), 'the first poll after the outage takes a waiting key');
});

test('redis-down: work in hand stops at its next Redis command and finishes only when Redis is back', () => {
  // image 6 arrives at 1.8 s and is served from 1.8 to 2.0 s: in hand when Redis goes down at 1.95 s
  const ctx = run([{ at: 1.95, kind: 'redis-down', duration: 1.5 }]);
  const r = ctx.record;
  const inHand = [...r.popped.keys()].filter((i) => r.popped[i]! < 1.95 && r.popped[i]! + r.serving[i]! > 1.95);
  assert.ok(inHand.length > 0, 'an image was being served when Redis went down');
  for (const i of inHand) assert.ok(r.finished[i]! >= 3.45 - 1e-9, `image ${i} finished at ${r.finished[i]} during the outage`);
  for (let i = 0; i < r.count; i++) assert.ok(!(r.finished[i]! > 1.95 && r.finished[i]! < 3.45 - 1e-9), `image ${i} finished at ${r.finished[i]}`);
});

/**
 * The live redis-restart case: 4 images at 0-0.03 s, 2 consumers; one takes image 0 at 0 s and is
 * back polling at 0.05 s, the other sleeps out a 1 s empty-queue timeout (its next poll at 1 s);
 * Redis down from 0.05 s to 1.1 s. Both polls wait for Redis (ioredis queues them, the kiosk's
 * RedisClient retries them) and get keys when it is back; before, they found nothing and the images
 * waited for the polls at 2 s.
 */
function sleepingThroughOutage(retryInterval: number) {
  const base = idealOverrides({ images: 4, rate: 1, service: { kind: 'constant', value: 0.05 }, servers: 1, consumers: 2 });
  const cfg = configFrom(deepMerge(base, {
    workload: { arrival: { kind: 'deterministic', interval: 0.01, unit: 'image', rate: undefined } },
    redis: { empty_queue_sleep: 1, retry_interval: retryInterval },
  }) as PlainObject, 'faults-poll');
  cfg.faults = [{ at: 0.05, kind: 'redis-down', duration: 1.05 }];
  cfg.timeLimit = 100;
  const ctx = new KioskContext(cfg, 1);
  assert.ok(ctx.run().completed);
  return [...ctx.record.popped].sort((a, b) => a - b);
}

test('redis-down: a poll made during the outage is answered when Redis is back (not an empty poll)', () => {
  const popped = sleepingThroughOutage(0);
  assert.is(popped[0], 0);
  assert.ok(Math.abs(popped[1]! - 1.1) < 1e-9 && Math.abs(popped[2]! - 1.1) < 1e-9, `pops ${popped}`);
  assert.ok(popped[3]! < 1.2, `the last image popped as a consumer is free again: ${popped}`);
});

test('redis-down with redis.retry_interval: the held poll completes at its client\'s first try after Redis is back', () => {
  // tries every 0.25 s: the poll of 1 s gets through at 1.25, the one of 0.05 s at 1.3
  const popped = sleepingThroughOutage(0.25);
  assert.ok(Math.abs(popped[1]! - 1.25) < 1e-9 && Math.abs(popped[2]! - 1.3) < 1e-9, `pops ${popped}`);
});

test('a fault with an unknown kind: one clear error naming the file, the YAML path and the kinds', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-faults-'));
  try {
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'extends: kiosk-2020\nfaults:\n  - {at: 3s, kind: gpu-melt, duration: 1s}\n');
    let message = '';
    try {
      loadScenario(file, []);
    } catch (e) {
      assert.ok(isUserError(e), `expected a UserError, got ${(e as Error).stack}`);
      message = (e as Error).message;
    }
    assert.match(message, 'bad.yaml');
    assert.match(message, 'faults.0.kind');
    assert.match(message, 'consumer-kill');
    assert.not.match(message, /\n\s+at /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
