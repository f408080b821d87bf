/**
 * Observe -> predict: what the simulator is told about the live kiosk, all of it measured in the
 * live runs. The model server's own batch log gives the serving profile (seconds per batch, by
 * batch size); the job hashes give pre-processing, post-processing and the transfers; a PING loop
 * gives Redis's round trip. Everything else (sleeps, janitor, deadline, batching, tiling, replica
 * counts, arrivals) is the scenario itself, unchanged. The result is an overlay scenario that
 * `extends` the live one, so `kiosk-sim run` reproduces the prediction from the written files.
 */
import type { SampleGroup } from '../model/serving/profile.ts';
import type { LiveRunResult } from './liveRun.ts';
import type { LiveSettings } from './settings.ts';

const median = (v: readonly number[]) => {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const secs = (x: number) => `${Math.max(0, x).toPrecision(6)}s`;

/** Seconds per batch, grouped by batch size, from every live run's model-server log. */
export function servingSamples(runs: readonly LiveRunResult[], s: LiveSettings): SampleGroup[] {
  const bySize = new Map<number, number[]>();
  for (const r of runs) for (const [size, seconds] of r.server.batches) {
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
}

export function calibrate(runs: readonly LiveRunResult[]): Calibration {
  const images = runs.flatMap((r) => r.records.images.filter((i) => i.status === 'done'));
  const zips = runs.flatMap((r) => r.records.zips.filter((z) => z.status === 'done'));
  const op = median(runs.map((r) => r.redisRoundTrip));
  // total_time minus its five stages: the consumer's status HSETs and the like. The simulator has no
  // such stage, so it rides with pre-processing (which sits before the Predict calls, as most of it does).
  const overhead = (i: (typeof images)[number]) => Math.max(0, i.total - i.download - i.preprocess - i.prediction - i.postprocess - i.upload);
  // The Predict calls' time outside the model server (connect, send, receive, wake-ups) has no
  // place in the simulator either (it has no per-call cost; see README "Validation"): it is consumer
  // time, not server time, so it rides with pre-processing too. The simulated serving latency
  // therefore lacks it, and the error table shows by how much.
  const transport = (i: (typeof images)[number]) => (Number.isFinite(i.transport) ? i.transport : 0);
  const preprocess = images.map((i) => i.preprocess + overhead(i) + transport(i));
  const postprocess = images.map((i) => i.postprocess);
  const perChildUpload = zips.flatMap((z) => z.imageUploads);
  const notes = {
    redis_round_trip_s: op,
    image_down_s: median(images.map((i) => i.download)),
    result_up_s: median(images.map((i) => i.upload)),
    zip_down_s: median(zips.map((z) => z.zipDownload)),
    // per child: upload + HSET + LPUSH, of which the simulator's zip consumer already spends 3 round trips
    image_up_s: Math.max(0, median(perChildUpload) - 3 * op),
    result_down_s: median(zips.map((z) => z.resultDownload / Math.max(1, z.children))),
    results_zip_up_s: median(zips.map((z) => z.resultsZipUpload)),
    client_down_s: median(runs.flatMap((r) => r.client.downloads)),
    consumer_overhead_s: median(images.map(overhead)),
    // per call; given to the simulator as consumer time (with pre-processing)
    predict_transport_per_call_s: median(images.map((i) => i.transport / Math.max(1, i.calls))),
    preprocess_s: median(preprocess),
    postprocess_s: median(postprocess),
  };
  const step = (latency: number) => ({ latency: secs(latency) });
  return {
    notes,
    overlay: {
      redis: { op_latency: secs(op) },
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
        },
      },
      serving: { service_time: 'profile' },
    },
  };
}
