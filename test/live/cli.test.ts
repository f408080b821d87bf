/**
 * `kiosk-sim live --json` end to end on the smallest scenario: its own redis-server, one live run,
 * one simulated replication; stdout is exactly the contract's one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('kiosk-sim live --json prints { live, simulated, error } and nothing else on stdout', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'sim/cli/main.ts', 'live', 'sim/live/scenarios/smoke.yaml', '--json', '--sim-replications', '1', '--filters', '4'],
    { encoding: 'utf8', timeout: 90_000 });
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, 1, 'one line of JSON');
  const out = JSON.parse(lines[0]!);
  for (const k of ['makespan', 'throughput', 'serving_p50', 'serving_p95', 'end_to_end_p50', 'end_to_end_p95', 'queue_wait_p50', 'busy_fraction']) {
    assert.type(out.error[k], 'number', k);
  }
  // rel = sim/live - 1
  assert.ok(Math.abs(out.error.makespan - (out.simulated.makespan_s.mean / out.live.makespan_s.mean - 1)) < 1e-12);
  assert.equal(out.live.images, { submitted: 12, completed: 12, failed: 0 });
  assert.is(out.simulated.images.completed, 12);
  assert.ok(out.live.latency_s.serving.p50 > 0 && out.live.latency_s.total.p95 >= out.live.latency_s.total.p50);
  assert.is(out.images[0].finished_twice, 0);
  assert.match(r.stderr, /live: run 1\/1: 12\/12 images/);
});

test.run();
