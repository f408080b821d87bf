import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { IMAGE_STATUS } from '../../../sim/model/record.ts';
import { idealConfig } from '../../support/idealConfig.ts';

/** GPU 5 s per request against a 1 s deadline: every call times out. */
function hopeless(maxRetries: number) {
  const cfg = idealConfig({ images: 4, rate: 10, service: { kind: 'constant', value: 5 }, servers: 1, consumers: 4 });
  cfg.serving.grpc = { ...cfg.serving.grpc, deadline: 1, retryBackoff: 3, maxRetries };
  cfg.timeLimit = 3600;
  const ctx = new KioskContext(cfg, 1);
  return { ctx, out: ctx.run() };
}

test('MAX_RETRY > 0: the call fails after that many true failures and the job is marked failed once', () => {
  const { ctx, out } = hopeless(2);
  assert.ok(out.completed, 'every image reached a final status');
  const r = ctx.record;
  assert.is(r.failed, 4);
  assert.is(r.completed, 0);
  for (let i = 0; i < r.count; i++) {
    assert.is(r.status[i], IMAGE_STATUS.failed);
    // grpc_clients checks `true_failures > MAX_RETRY` before counting the new failure: calls 1-3
    // fail and are retried (true failures 1, 2, 3); call 4 finds 3 > 2 and raises
    assert.is(r.retries[i], 3);
  }
});

test('MAX_RETRY 0 (2020): retries never stop, a retry storm runs into the time limit', () => {
  const { ctx, out } = hopeless(0);
  assert.is(out.completed, false);
  assert.match(out.reason ?? '', /time limit/);
  assert.is(ctx.record.failed, 0);
  // each consumer retries every deadline + backoff = 4 s: ~ 3600 / 4 per image
  for (let i = 0; i < 4; i++) assert.ok(ctx.record.retries[i]! > 800, `retries ${ctx.record.retries[i]}`);
});

test.run();
