/**
 * The live image (segmentation) consumer, one Node process per pod: pop an image job, download
 * the raw image from the bucket, pre-process (normalise, tile), predict through the model server
 * (sequential calls of `tilesPerRequest` tiles, deadline and retries), post-process (stitch,
 * threshold, label), upload the label image, and mark the job done. It writes the kiosk's
 * per-image fields (REFERENCE.md "Per-image fields"): download_time, preprocess_time,
 * prediction_time, postprocess_time, upload_time, total_time (pop to done), created_at (set by
 * whoever queued it) and finished_at, plus the harness's own `retries`, `done_by:<attempt>` (one field per
 * completed attempt, so a second completion of one image would show), `predict_calls` and `predict_transport_time` (seconds
 * of the successful calls spent outside the model server).
 *
 * Run: node --import tsx sim/live/imageConsumer.ts '<ProcessSettings JSON>'
 */
import { randomUUID } from 'node:crypto';
import { Bucket } from './bucket.ts';
import { connect, QueueWorker, readSettings, runForever, startTogether, timedEmptySleep } from './consumerBase.ts';
import { postprocess, preprocess } from './imaging.ts';
import { predictWithRetries } from './predictClient.ts';
import { FINISHED_STATUSES, nowSeconds, stamp, type ProcessSettings } from './protocol.ts';

export async function imageConsumerLoop(s: ProcessSettings): Promise<void> {
  const redis = connect(s.redisUrl);
  const bucket = new Bucket(s.bucketDir);
  const q = new QueueWorker(redis, s.queues.image, s.pod);
  const { width, height, tileSize, stride, tilesPerRequest } = s.image;
  await startTogether(redis, s);
  for (;;) {
    await q.returnStranded();
    const key = await q.pop();
    if (key === null) {
      await timedEmptySleep(s.emptyQueueSleep);
      continue;
    }
    const t0 = nowSeconds();
    const attempt = randomUUID();
    const job = await redis.hgetall(key);
    if (FINISHED_STATUSES.has(job.status ?? '')) {
      await q.finish(key); // a requeued copy of finished work
      continue;
    }
    await q.update(key, { status: 'started', identity_started: s.pod });

    let t = nowSeconds();
    const raw = await bucket.get(job.input_file_name!);
    const download = nowSeconds() - t;
    await q.update(key, { status: 'pre-processing' });

    t = nowSeconds();
    const tiled = preprocess(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), width, height, tileSize, stride);
    const pre = nowSeconds() - t;
    await q.update(key, { status: 'predicting' });

    t = nowSeconds();
    const perTile = tileSize * tileSize;
    const n = tiled.origins.length;
    const outputs = new Float32Array(n * perTile);
    let retries = 0;
    let transport = 0;
    let calls = 0;
    const perCall: string[] = [];
    const perCallSend: string[] = [];
    // every failed attempt, kind@start+seconds+late: how long UNAVAILABLE lasts, what an attempt
    // costs and how late the back-off after it woke up
    const failures: string[] = [];
    for (let first = 0; first < n; first += tilesPerRequest) {
      const size = Math.min(tilesPerRequest, n - first);
      const part = tiled.tiles.subarray(first * perTile, (first + size) * perTile);
      const out = await predictWithRetries(s.serving.url, s.serving.modelName, part, [size, tileSize, tileSize, 1], s.serving, (f) => { retries++; failures.push(`${f.kind}@${f.at.toFixed(6)}+${f.seconds.toFixed(6)}+${f.backoffLate.toFixed(6)}`); });
      outputs.set(out.output, first * perTile);
      transport += out.transportSeconds;
      perCall.push(out.transportSeconds.toFixed(6));
      perCallSend.push(out.sendSeconds.toFixed(6));
      calls++;
    }
    const prediction = nowSeconds() - t;
    await q.update(key, { status: 'post-processing' });

    t = nowSeconds();
    const labels = postprocess(outputs, tiled.origins, width, height, tileSize);
    const post = nowSeconds() - t;
    await q.update(key, { status: 'saving-results' });

    t = nowSeconds();
    const output = job.input_file_name!.replace(/^images\//, 'results/');
    await bucket.put(output, new Uint8Array(labels.buffer));
    const upload = nowSeconds() - t;

    const finished = nowSeconds();
    await redis.multi()
      .hset(key, {
        status: 'done', output_file_name: output, download_time: download, preprocess_time: pre, prediction_time: prediction,
        postprocess_time: post, upload_time: upload, total_time: finished - t0, finished_at: stamp(finished), updated_at: stamp(finished), retries,
        predict_calls: calls, predict_transport_time: transport,
        predict_transport_times: perCall.join(','), predict_send_times: perCallSend.join(','), predict_failures: failures.join(','),
      })
      // one field per completed attempt: a command that ioredis resends after a Redis restart
      // (executed, reply lost) writes the same field again instead of counting twice
      .hset(key, `done_by:${attempt}`, s.pod)
      .exec();
    await q.finish(key);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = readSettings(process.argv);
  runForever(`image consumer ${s.pod}`, () => imageConsumerLoop(s));
}
