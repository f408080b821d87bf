import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statusUpdateSeconds } from '../../../sim/model/consumers/statusUpdates.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { deepMerge, type PlainObject } from '../../../sim/scenario/merge.ts';
import { configFrom } from '../../support/configFrom.ts';
import { idealOverrides } from '../../support/idealConfig.ts';

test('the six statuses in the kiosk\'s order: 3 before the calls, 2 after, done after the finish', () => {
  assert.equal(statusUpdateSeconds(6, 0.01), { beforeServing: 0.03, afterServing: 0.02, afterDone: 0.01 });
  assert.equal(statusUpdateSeconds(4, 0.5), { beforeServing: 1.5, afterServing: 0.5, afterDone: 0 });
  assert.equal(statusUpdateSeconds(0, 0.5), { beforeServing: 0, afterServing: 0, afterDone: 0 });
  assert.throws(() => statusUpdateSeconds(7, 0.01), /0 to 6/);
});

/** One consumer, one server of 0.1 s, images 10 s apart, Redis round trips of 10 ms. */
function run(statusUpdates: number) {
  const base = idealOverrides({ images: 3, rate: 1, service: { kind: 'constant', value: 0.1 }, servers: 1, consumers: 1 });
  const cfg = configFrom(deepMerge(base, {
    workload: { arrival: { kind: 'deterministic', interval: 10, unit: 'image', rate: undefined } },
    redis: { op_latency: 0.01 },
    consumers: { image: { status_updates: statusUpdates } },
  }) as PlainObject, 'status');
  const ctx = new KioskContext(cfg, 1);
  ctx.run();
  return ctx;
}

test('status updates lengthen each job by their round trips; the done HSET comes after the finish', () => {
  const free = run(0);
  const six = run(6);
  for (let i = 0; i < 3; i++) {
    const e2e = (c: KioskContext) => c.record.finished[i]! - c.record.submitted[i]!;
    // pop, 3 HSETs, 0.1 s call, 2 HSETs, finish: 5 round trips more than without them
    assert.ok(Math.abs(e2e(six) - e2e(free) - 0.05) < 1e-9, `image ${i}: ${e2e(six)} vs ${e2e(free)}`);
    assert.ok(Math.abs(six.record.serving[i]! - free.record.serving[i]!) < 1e-12, 'the calls themselves are untouched');
  }
});

test.run();
