import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOne } from '../../../sim/results/runScenario.ts';
import { IMAGE_STATUS } from '../../../sim/model/record.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

test('consumer crashes: restarted with back-off, stranded keys recovered, every image done exactly once', () => {
  const cfg = dynamicConfig({ images: 2000, startDelay: 2, gpuMax: 2, consumerCrashMtbf: 120 });
  const r = runOne(cfg, 7);
  assert.ok(r.completed, r.reason);
  assert.ok(r.counters.crashes! > 20, `crashes: ${r.counters.crashes}`);
  const crashes = r.events.filter((e) => e.kind === 'pod_crash' && /consumer exited/.test(e.detail));
  const restarts = r.events.filter((e) => e.kind === 'pod_restart' && /consumer/.test(e.target));
  assert.ok(crashes.length > 0 && restarts.length > 0);
  // the first crash of a container is followed by a restart after the initial 10 s back-off
  const first = crashes[0]!;
  const back = restarts.find((e) => e.target === first.target && e.t > first.t);
  assert.ok(back, 'the crashed container came back');
  assert.ok(Math.abs(back!.t - first.t - cfg.serving.restartBackoff.initial) < 1e-9, `restart ${back!.t - first.t} s after the crash`);
  const recovered = r.events.filter((e) => e.kind === 'requeue').length;
  assert.ok(recovered > 0, 'keys held by crashed consumers went back on their queue');
  const rec = r.record;
  let redone = 0;
  for (let i = 0; i < rec.count; i++) {
    assert.is(rec.status[i], IMAGE_STATUS.done);
    if (rec.attempts[i]! > 1) redone++;
  }
  assert.is(rec.completed, 2000);
  assert.ok(redone > 0, 'work interrupted by a crash was done again');
});

test.run();
