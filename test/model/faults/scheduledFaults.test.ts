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
