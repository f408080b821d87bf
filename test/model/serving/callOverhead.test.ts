import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { configFrom } from '../../support/configFrom.ts';
import { idealOverrides } from '../../support/idealConfig.ts';
import { deepMerge, type PlainObject } from '../../../sim/scenario/merge.ts';

/** One server of constant 0.1 s per request, one consumer, images 10 s apart: no queueing at all. */
function run(grpc: PlainObject, images = 5) {
  const base = idealOverrides({ images, rate: 1, service: { kind: 'constant', value: 0.1 }, servers: 1, consumers: 1 });
  const cfg = configFrom(deepMerge(base, {
    workload: { arrival: { kind: 'deterministic', interval: 10, unit: 'image', rate: undefined } },
    serving: { grpc: { retry_backoff: 0.5, ...grpc } },
  }) as PlainObject, 'overhead');
  cfg.timeLimit = 1000;
  const ctx = new KioskContext(cfg, 1);
  const out = ctx.run();
  return { ctx, out };
}

test('without call_overhead a call costs exactly the server time (the model before the setting)', () => {
  const { ctx } = run({});
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(ctx.record.serving[i]! - 0.1) < 1e-12, `serving ${ctx.record.serving[i]}`);
});

test('call_overhead adds its whole draw to each call, before and after the server', () => {
  const { ctx, out } = run({ call_overhead: 0.02, call_overhead_before: 0.25 });
  assert.ok(out.completed);
  for (let i = 0; i < 5; i++) assert.ok(Math.abs(ctx.record.serving[i]! - 0.12) < 1e-12, `serving ${ctx.record.serving[i]}`);
});

test('the overhead is inside the deadline: 0.1 s of server time + 0.02 s overhead misses a 0.11 s deadline', () => {
  const ok = run({ deadline: 0.11, max_retries: 1 });
  assert.is(ok.ctx.record.failed, 0, 'without the overhead every call makes it');
  const late = run({ deadline: 0.11, max_retries: 1, call_overhead: 0.02 });
  assert.is(late.ctx.record.failed, 5, 'with it every call times out and, after the retries, the job fails');
  // the client waits out its whole deadline each time: 3 attempts x 0.11 s + 2 back-offs x 0.5 s
  const i = 0;
  const spent = late.ctx.record.finished[i]! - late.ctx.record.popped[i]!;
  assert.ok(Math.abs(spent - (3 * 0.11 + 2 * 0.5)) < 1e-9, `time to failure ${spent}`);
  assert.is(late.ctx.record.retries[i], 2);
});

test('an overhead that alone exceeds the deadline never reaches the server', () => {
  const { ctx } = run({ deadline: 0.05, max_retries: 1, call_overhead: 0.2, call_overhead_before: 1 });
  assert.is(ctx.record.failed, 5);
  assert.is(ctx.serving.gpuBusyUntilNow(), 0, 'no batch ran');
});

test.run();
