/**
 * Observe -> predict: what the simulator is told about the live kiosk, all of it measured in the
 * live runs. The model server's own batch log gives the serving profile (seconds per batch, by
 * batch size), how alike successive batches are (the residuals' lag-1 correlation, and their
 * memory in seconds from the batches' start times) and what an idle gap does to the next batch; the job
 * hashes give pre-processing, post-processing, the transfers, the Predict calls' client-side cost
 * (per call, and the part of it before the server) and the consumers' own Redis round trip; the
 * consumers' reports give the empty-poll periods; the harness's log gives the faults it injected.
 * Everything else (sleeps, janitor, deadline, batching, tiling, replica counts, arrivals) is the
 * scenario itself, unchanged. The result is an overlay scenario that `extends` the live one, so
 * `kiosk-sim run` reproduces the prediction from the written files.
 */
import type { SampleGroup } from '../model/serving/profile.ts';
import { fitIdleWarmup, withoutWarmup, type IdleWarmup } from '../model/serving/idleWarmup.ts';
import { fitHostDrift, withoutDrift, type HostDrift } from '../model/serving/hostDrift.ts';
import { fitResidualCorrelation, fitResidualCorrelationTime } from '../model/serving/residualCorrelation.ts';
import type { LiveRunResult } from './liveRun.ts';
import { REDIS_RECONNECT_S } from './protocol.ts';
import type { LiveSettings } from './settings.ts';

const median = (v: readonly number[]) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const secs = (x: number) => `${Math.max(0, x).toPrecision(6)}s`;

/**
 * Seconds per batch, grouped by batch size, from every live run's model-server log; with a fitted
 * warm-up, the slowed batches as the busy server would have run them (the simulator adds it back);
 * with a fitted host drift, each batch at the host's median level (the simulator draws the level).
 */
export function servingSamples(runs: readonly LiveRunResult[], s: LiveSettings, warmup: IdleWarmup = { after: 0, extra: 0 }, drift: HostDrift = { time: 0, sd: 0 }): SampleGroup[] {
  const bySize = new Map<number, number[]>();
  for (const r of runs) for (const [size, seconds] of withoutWarmup(withoutDrift(r.server.batches, drift), warmup)) {
    if (!bySize.has(size)) bySize.set(size, []);
    bySize.get(size)!.push(Math.max(seconds, 1e-6));
  }
  return [...bySize.entries()].sort((a, b) => a[0] - b[0]).map(([batchSize, seconds]) => ({ batchSize, tileHeight: s.tileSize, tileWidth: s.tileSize, seconds }));
}

export interface Calibration {
  /** The overlay scenario (YAML-ready), minus `extends` and the profile path, which the caller sets. */
  overlay: Record<string, unknown>;
  /** What each number is, for the report. */
  notes: Record<string, number>;
  /** The fitted warm-up after idle gaps (extra 0: none), which the serving profile must leave out. */
  warmup: IdleWarmup;
  /** The fitted slow level of the host (sd 0: none), which the serving profile must leave out too. */
  drift: HostDrift;
}

/** Status HSETs the live image consumer writes per image (sim/live/imageConsumer.ts), and of them the ones inside total_time. */
export const LIVE_STATUS_UPDATES = 6;
const STATUS_UPDATES_IN_TOTAL = 5;
/** Redis commands of the live consumer between pop and finish: HGETALL, then the 5 status HSETs. */
const ROUND_TRIPS_IN_TOTAL = 1 + STATUS_UPDATES_IN_TOTAL;
/** Round trips of the live consumer loop between two empty polls: purge the processing list, RPOPLPUSH. */
export const LIVE_EMPTY_POLL_ROUND_TRIPS = 2;

/**
 * What each live retry cost beyond the model's own cycle (failure at the deadline, or at once when
 * refused, then exactly retry_backoff): the attempt's time past its deadline (the client's timer and
 * event loop noticing it late), or all of a refused attempt's time (connect refused, or the loading
 * server's 503), plus how late the back-off sleep woke. Attempts of earlier runs without a recorded
 * back-off lateness are left out. An attempt cut short by the server's kill is counted whole: the
 * model ends it at the kill too, so those few (one per call in flight) overstate it by their time in
 * the server.
 */
export function retryLateness(runs: readonly LiveRunResult[], deadline: number): number[] {
  return runs.flatMap((r) => r.records.images.flatMap((i) => i.failures))
    .filter((f) => Number.isFinite(f.backoffLate) && Number.isFinite(f.seconds))
    .map((f) => Math.max(0, f.kind === 'deadline' ? f.seconds - deadline : f.seconds) + f.backoffLate);
}

/** `deadline`: the live Predict calls' deadline (seconds), against which a failed attempt's lateness is measured. */
export function calibrate(runs: readonly LiveRunResult[], deadline = Infinity): Calibration {
  const images = runs.flatMap((r) => r.records.images.filter((i) => i.status === 'done'));
  const zips = runs.flatMap((r) => r.records.zips.filter((z) => z.status === 'done'));
  // total_time minus its five stages: the HGETALL and the five status HSETs inside it (and a few
  // microseconds of bookkeeping). Those are the consumers' own Redis round trips, on a host where
  // the consumers compete for the cores: a better figure than the harness's PINGs for the time
  // every consumer command takes, so the simulator's op_latency is this time per round trip.
  const overhead = (i: (typeof images)[number]) => Math.max(0, i.total - i.download - i.preprocess - i.prediction - i.postprocess - i.upload);
  const ping = median(runs.map((r) => r.redisRoundTrip));
  const perTrip = median(images.map(overhead)) / ROUND_TRIPS_IN_TOTAL;
  const op = perTrip > 0 ? perTrip : ping;
  // what the status HSETs do not explain (the HGETALL, scatter) rides with pre-processing
  const preprocess = images.map((i) => i.preprocess + Math.max(0, overhead(i) - STATUS_UPDATES_IN_TOTAL * op));
  const postprocess = images.map((i) => i.postprocess);
  // each successful Predict call's time outside the model server (connect, send, receive, wake-ups):
  // the simulator spends it around the server, inside the deadline (serving.grpc.call_overhead)
  const callTransport = images.flatMap((i) => i.callTransport).filter(Number.isFinite);
  const callSend = images.flatMap((i) => i.callSend).filter(Number.isFinite);
  const sumT = callTransport.reduce((a, b) => a + b, 0);
  const before = sumT > 0 && callSend.length === callTransport.length ? Math.min(1, callSend.reduce((a, b) => a + b, 0) / sumT) : 0.5;
  // how late each empty-queue sleep ended (the consumers time it); the loop's 2 round trips around
  // it are op_latency each in the simulator
  const lateness = runs.flatMap((r) => r.pollPeriods).filter((x) => Number.isFinite(x) && x >= 0);
  // each retry's cost beyond the model's deadline + back-off (serving.grpc.retry_lateness)
  const retryLate = Number.isFinite(deadline) ? retryLateness(runs, deadline) : [];
  // every request's time to reach the server (the server logs failed calls' too) against the
  // successful calls' (what call_overhead is built from): a failed call may have been a slow sender
  const sendAll = runs.flatMap((r) => (r.server.arrivals ?? []).map(([sent, arrived]) => Math.max(0, arrived - sent)));
  const batchLogs = runs.map((r) => r.server.batches);
  const residualCorrelation = fitResidualCorrelation(batchLogs);
  // the same scores with the batches' start times: how long a slow spell lasts in seconds
  const residualTime = fitResidualCorrelationTime(batchLogs);
  const warmup = fitIdleWarmup(batchLogs);
  // the level the short memory moves around: the host's speed over seconds (hostDrift.ts)
  const drift = fitHostDrift(batchLogs);
  // one run's faults (a fault's time means nothing across runs): the live redis restart is an outage
  const faults = runs.length === 1
    ? runs[0]!.faults.map((f) => ({ at: secs(f.at), kind: f.kind === 'redis-restart' ? 'redis-down' : f.kind, duration: secs(f.duration ?? 0) }))
    : [];
  const perChildUpload = zips.flatMap((z) => z.imageUploads);
  const notes = {
    redis_round_trip_s: op,
    redis_ping_s: ping,
    image_down_s: median(images.map((i) => i.download)),
    result_up_s: median(images.map((i) => i.upload)),
    zip_down_s: median(zips.map((z) => z.zipDownload)),
    // per child: upload + HSET + LPUSH, of which the simulator's zip consumer already spends 3 round trips
    image_up_s: Math.max(0, median(perChildUpload) - 3 * op),
    result_down_s: median(zips.map((z) => z.resultDownload / Math.max(1, z.children))),
    results_zip_up_s: median(zips.map((z) => z.resultsZipUpload)),
    client_down_s: median(runs.flatMap((r) => r.client.downloads)),
    consumer_overhead_s: median(images.map(overhead)),
    predict_transport_per_call_s: median(callTransport),
    predict_transport_before_fraction: before,
    empty_poll_lateness_p50_s: median(lateness),
    empty_polls_measured: lateness.length,
    retry_lateness_mean_s: retryLate.length ? retryLate.reduce((a, b) => a + b, 0) / retryLate.length : 0,
    retries_measured: retryLate.length,
    predict_send_ok_mean_s: callSend.length ? callSend.reduce((a, b) => a + b, 0) / callSend.length : 0,
    predict_send_all_mean_s: sendAll.length ? sendAll.reduce((a, b) => a + b, 0) / sendAll.length : 0,
    predict_send_all_p50_s: median(sendAll),
    predict_requests_arrived: sendAll.length,
    residual_correlation: residualCorrelation,
    residual_correlation_time_s: residualTime,
    idle_warmup_after_s: warmup.after,
    idle_warmup_extra: warmup.extra,
    idle_warmup_batches: warmup.slowed,
    host_drift_time_s: drift.time,
    host_drift_sd: drift.sd,
    host_drift_windows: drift.windows,
    preprocess_s: median(preprocess),
    postprocess_s: median(postprocess),
  };
  const step = (latency: number) => ({ latency: secs(latency) });
  return {
    notes,
    warmup: { after: warmup.after, extra: warmup.extra },
    drift: { time: drift.time, sd: drift.sd },
    overlay: {
      redis: {
        op_latency: secs(op),
        empty_poll_round_trips: LIVE_EMPTY_POLL_ROUND_TRIPS,
        // the live clients' reconnect period: when a command held during a Redis restart goes out
        retry_interval: secs(REDIS_RECONNECT_S),
        ...(lateness.length ? { empty_poll_jitter: { kind: 'empirical', values: lateness.map(secs) } } : {}),
      },
      storage: {
        enabled: true,
        latency: '0s',
        // the measured latency is each file's whole time (these files are KiB): no bandwidth term
        bandwidth: '1000Tbps',
        steps: {
          zip_down: step(notes.zip_down_s), image_up: step(notes.image_up_s), image_down: step(notes.image_down_s),
          result_up: step(notes.result_up_s), result_down: step(notes.result_down_s), results_zip_up: step(notes.results_zip_up_s),
          client_down: step(notes.client_down_s),
        },
      },
      consumers: {
        image: {
          preprocess: { kind: 'empirical', values: preprocess.map(secs) },
          postprocess: { kind: 'empirical', values: postprocess.map(secs) },
          status_updates: LIVE_STATUS_UPDATES,
        },
      },
      serving: {
        service_time: 'profile',
        residual_correlation: residualCorrelation,
        residual_correlation_time: secs(residualTime),
        idle_warmup: { after: secs(warmup.after), extra: Number(warmup.extra.toFixed(4)) },
        host_drift: { time: secs(drift.time), sd: Number(drift.sd.toFixed(4)) },
        grpc: {
          ...(callTransport.length ? { call_overhead: { kind: 'empirical', values: callTransport.map(secs) }, call_overhead_before: Number(before.toFixed(4)) } : {}),
          ...(retryLate.length ? { retry_lateness: { kind: 'empirical', values: retryLate.map(secs) } } : {}),
        },
      },
      // the faults the harness injected, at the times it did, so the simulation has them too
      ...(faults.length ? { faults } : {}),
    },
  };
}
