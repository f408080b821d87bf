import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { configFrom } from '../../support/configFrom.ts';
import { idealOverrides } from '../../support/idealConfig.ts';
import { deepMerge, type PlainObject } from '../../../sim/scenario/merge.ts';

/**
 * One server of constant 0.1 s per call, one consumer, images 10 s apart; a 0.05 s deadline that
 * every call misses, so each image fails after max_retries + 1 attempts and its time to failure is
 * the retry cycle counted exactly: attempts x deadline + retries x (back-off + lateness).
 */
function timeToFailure(grpc: PlainObject): { spent: number; retries: number } {
  const base = idealOverrides({ images: 3, rate: 1, service: { kind: 'constant', value: 0.1 }, servers: 1, consumers: 1 });
  const cfg = configFrom(deepMerge(base, {
    workload: { arrival: { kind: 'deterministic', interval: 10, unit: 'image', rate: undefined } },
    serving: { grpc: { deadline: 0.05, retry_backoff: 0.3, max_retries: 2, ...grpc } },
  }) as PlainObject, 'retry-lateness');
  cfg.timeLimit = 1000;
  const ctx = new KioskContext(cfg, 1);
  assert.ok(ctx.run().completed);
  assert.is(ctx.record.failed, 3);
  return { spent: ctx.record.finished[0]! - ctx.record.popped[0]!, retries: ctx.record.retries[0]! };
}

test('without retry_lateness a retry comes exactly retry_backoff after the deadline (the model before the setting)', () => {
  const { spent, retries } = timeToFailure({});
  assert.is(retries, 3);
  assert.ok(Math.abs(spent - (4 * 0.05 + 3 * 0.3)) < 1e-9, `time to failure ${spent}`);
});

test('retry_lateness delays every retry by its draw (the live client: deadline noticed late, back-off timer late)', () => {
  const { spent, retries } = timeToFailure({ retry_lateness: 0.045 });
  assert.is(retries, 3);
  assert.ok(Math.abs(spent - (4 * 0.05 + 3 * (0.3 + 0.045))) < 1e-9, `time to failure ${spent}`);
});

test('a drawn lateness varies from retry to retry, and a run with one is reproducible', () => {
  const spec = { kind: 'exponential', mean: 0.02 };
  const a = timeToFailure({ retry_lateness: spec });
  const b = timeToFailure({ retry_lateness: spec });
  assert.is(a.spent, b.spent);
  const exact = 4 * 0.05 + 3 * 0.3;
  assert.ok(a.spent > exact + 1e-6 && a.spent < exact + 1, `time to failure ${a.spent}`);
});

test.run();
