/** The live calibration of the simulator's mechanisms, on a made-up live run (no processes). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { calibrate, servingSamples, LIVE_EMPTY_POLL_ROUND_TRIPS, LIVE_STATUS_UPDATES } from '../../sim/live/calibration.ts';
import type { LiveRunResult } from '../../sim/live/liveRun.ts';
import type { ImageRow } from '../../sim/live/records.ts';

/** An image whose total_time exceeds its stages by 6 round trips of `trip` s, with 3 calls. */
function image(k: number, trip: number): ImageRow {
  const stages = { download: 0.001, preprocess: 0.002, prediction: 0.1, postprocess: 0.001, upload: 0.001 };
  const total = Object.values(stages).reduce((a, b) => a + b, 0) + 6 * trip;
  return {
    key: `img${k}`, status: 'done', created: k, finished: k + 1, ...stages, total, retries: 0, doneCount: 1,
    transport: 0.012, calls: 3, callTransport: [0.002, 0.004, 0.006], callSend: [0.001, 0.001, 0.001], failures: [],
  };
}

function run(): LiveRunResult {
  return {
    tag: 't', queues: { image: 'i', zip: 'z' }, client: { downloads: [0.001] } as LiveRunResult['client'],
    records: { images: Array.from({ length: 20 }, (_, k) => image(k, 0.002)), zips: [], imageHashes: [] },
    // batches in runs of 10 slow, then 10 fast (each with its own scatter): successive residuals alike
    server: { batches: Array.from({ length: 200 }, (_, i) => [4, (Math.floor(i / 10) % 2 ? 0.01 : 0.03) * (1 + ((i * 7919) % 13) / 130), 1000 + 0.05 * i] as [number, number, number]), busy_s: 4 },
    redisRoundTrip: 0.0005, pollPeriods: [0, 0.002, 0.004],
    janitorRequeued: 0, faults: [{ kind: 'redis-restart', at: 2.5, duration: 1.2, detail: '' }], wallSeconds: 10,
  };
}

test('op_latency is the consumers\' own round trip: total_time beyond the stages over its 6 round trips', () => {
  const cal = calibrate([run()]);
  assert.ok(Math.abs(cal.notes.redis_round_trip_s - 0.002) < 1e-12, `${cal.notes.redis_round_trip_s}`);
  const redis = cal.overlay.redis as Record<string, unknown>;
  assert.is(redis.empty_poll_round_trips, LIVE_EMPTY_POLL_ROUND_TRIPS);
  assert.is(redis.retry_interval, '0.100000s', 'the live clients\' reconnect period (ioredis retryStrategy)');
  assert.equal((redis.empty_poll_jitter as { values: string[] }).values, ['0.00000s', '0.00200000s', '0.00400000s']);
  assert.is((cal.overlay.consumers as { image: { status_updates: number } }).image.status_updates, LIVE_STATUS_UPDATES);
  // pre-processing keeps only what the 5 in-job status HSETs do not explain: the HGETALL's round trip
  const pre = (cal.overlay.consumers as { image: { preprocess: { values: string[] } } }).image.preprocess.values.map(parseFloat);
  assert.ok(pre.every((p) => Math.abs(p - (0.002 + 0.002)) < 1e-6), `${pre[0]}`);
});

test('call overhead: every successful call\'s transport, the part before the server as a fraction', () => {
  const grpc = (calibrate([run()]).overlay.serving as { grpc: { call_overhead: { values: string[] }; call_overhead_before: number } }).grpc;
  assert.is(grpc.call_overhead.values.length, 60);
  assert.is(grpc.call_overhead_before, 0.25); // 3 x 0.001 of 0.012 s
});

test('residual correlation fitted from the batch log; the fault goes to the simulation at its time', () => {
  const cal = calibrate([run()]);
  const rho = (cal.overlay.serving as { residual_correlation: number }).residual_correlation;
  assert.ok(rho > 0.5, `rho ${rho}`);
  const shuffled = run();
  shuffled.server.batches = shuffled.server.batches.map((b, i, all) => all[(i * 67) % all.length]!); // 67 and 200 coprime: a permutation
  const rhoShuffled = (calibrate([shuffled]).overlay.serving as { residual_correlation: number }).residual_correlation;
  assert.ok(rhoShuffled < 0.2, `shuffled rho ${rhoShuffled}`);
  assert.equal(cal.overlay.faults, [{ at: '2.50000s', kind: 'redis-down', duration: '1.20000s' }]);
  assert.is(calibrate([run(), run()]).overlay.faults, undefined, 'faults of several runs are not merged');
});

test('the batch log\'s start times give the residuals\' memory in seconds and the warm-up after idle gaps', () => {
  const serving = calibrate([run()]).overlay.serving as { residual_correlation: number; residual_correlation_time: string; idle_warmup: { after: string; extra: number } };
  // batches 0.05 s apart: the memory in time matches the per-batch correlation, exp(-0.05 / tau) ~ rho
  const tau = parseFloat(serving.residual_correlation_time);
  assert.ok(tau > 0 && Math.abs(Math.exp(-0.05 / tau) - serving.residual_correlation) < 0.1, `tau ${tau}, rho ${serving.residual_correlation}`);
  assert.equal(serving.idle_warmup, { after: '0.00000s', extra: 0 }, 'no batch is slower after a gap: no warm-up');
  const warm = run();
  // batches of one speed (some scatter) 0.05 s apart; every 20th after a 1 s gap, 3x as slow
  let t = 1000;
  warm.server.batches = warm.server.batches.map((_, i) => {
    const idle = i % 20 === 0;
    t += idle ? 1 : 0.05;
    return [4, (idle ? 3 : 1) * 0.02 * (1 + ((i * 7919) % 13) / 130), t];
  });
  const cal = calibrate([warm]);
  const w = (cal.overlay.serving as typeof serving).idle_warmup;
  assert.ok(w.extra > 1.5 && w.extra < 2.5 && parseFloat(w.after) >= 0.05 && parseFloat(w.after) <= 0.75, JSON.stringify(w)); // busy gaps are under 0.05 s
  assert.equal(cal.warmup, { after: parseFloat(w.after), extra: cal.warmup.extra });
});

test('host drift: a level that moves over seconds goes to the overlay, and the profile is built without it', () => {
  const r = run();
  // 60 s of 8-tile batches, 12 a second, 0.6x and 1.5x the median level in turn every 6 s
  r.server.batches = Array.from({ length: 720 }, (_, i) => [8, 0.08 * (Math.floor(i / 72) % 2 ? 1.5 : 0.6) * (1 + ((i * 7919) % 13) / 130), 1000 + i / 12] as [number, number, number]);
  const cal = calibrate([r]);
  const d = (cal.overlay.serving as { host_drift: { time: string; sd: number } }).host_drift;
  assert.ok(d.sd > 0.3 && parseFloat(d.time) > 1, `${JSON.stringify(d)}`);
  assert.equal(cal.drift.sd, cal.notes.host_drift_sd);
  const spread = (g: { seconds: number[] }[]) => { const v = g[0]!.seconds; return Math.max(...v) / Math.min(...v); };
  const settings = { tileSize: 32 } as Parameters<typeof servingSamples>[1];
  assert.ok(spread(servingSamples([r], settings, cal.warmup, cal.drift)) < 1.3, 'the slow level left out');
  assert.ok(spread(servingSamples([r], settings, cal.warmup)) > 2, 'without it the profile holds both levels');
  assert.equal((calibrate([run()]).overlay.serving as { host_drift: unknown }).host_drift, { time: '0.00000s', sd: 0 }, '10 s of batches: too few windows, off');
});

test('retry lateness: each failed attempt\'s time past its deadline (a refusal: all its time) plus the back-off\'s lateness', () => {
  const r = run();
  r.records.images[0]!.failures = [
    { kind: 'deadline', at: 1, seconds: 0.104, backoffLate: 0.002 },
    { kind: 'unavailable', at: 2, seconds: 0.013, backoffLate: 0.0175 },
    { kind: 'deadline', at: 3, seconds: 0.099, backoffLate: 0.001 }, // a timer a hair early counts as on time
    { kind: 'deadline', at: 4, seconds: 0.2, backoffLate: NaN }, // an earlier run's record: no lateness, left out
  ];
  const cal = calibrate([r], 0.1);
  const late = (cal.overlay.serving as { grpc: { retry_lateness: { kind: string; values: string[] } } }).grpc.retry_lateness;
  assert.is(late.kind, 'empirical');
  assert.equal(late.values.map(parseFloat).map((v) => Number(v.toFixed(6))), [0.006, 0.0305, 0.001]);
  assert.is(cal.notes.retries_measured, 3);
  const none = calibrate([run()], 0.1).overlay.serving as { grpc: Record<string, unknown> };
  assert.is(none.grpc.retry_lateness, undefined, 'no retry: the setting stays at its default');
  assert.is((calibrate([r]).overlay.serving as { grpc: Record<string, unknown> }).grpc.retry_lateness, undefined, 'without the deadline nothing is measured');
});

test.run();
