/**
 * The live zip consumer, one Node process per pod (REFERENCE.md "Data path" 2):
 * - `new`: download the zip from the bucket and unpack it; for each image in turn upload it, write
 *   its child hash (status new, created_at) and LPUSH it onto the image queue; mark the parent
 *   `waiting` and put it back.
 * - `waiting`: read every child's status; while one is unfinished put the parent back and sleep
 *   DO_NOTHING_TIMEOUT; once all are done or failed, download each result, pack them, upload the
 *   results zip and mark the parent `done` (finished_at).
 * The parent keeps its children's keys and per-image timings as comma-joined lists, and the
 * harness's own measurements of the zip steps (zip_download_time, image_upload_time per child,
 * result_download_time, results_zip_upload_time) for calibrating the simulator's transfers.
 *
 * Run: node --import tsx sim/live/zipConsumer.ts '<ProcessSettings JSON>'
 */
import { randomUUID } from 'node:crypto';
import { Bucket, packBundle, unpackBundle } from './bucket.ts';
import { connect, QueueWorker, readSettings, runForever, startTogether, timedEmptySleep } from './consumerBase.ts';
import { createJobOnce } from './onceCommands.ts';
import { FINISHED_STATUSES, jobKey, nowSeconds, stamp, type ProcessSettings } from './protocol.ts';

const TIMING_FIELDS = ['download_time', 'preprocess_time', 'prediction_time', 'postprocess_time', 'upload_time', 'total_time'];

export async function zipConsumerLoop(s: ProcessSettings): Promise<void> {
  const redis = connect(s.redisUrl);
  const bucket = new Bucket(s.bucketDir);
  const q = new QueueWorker(redis, s.queues.zip, s.pod);
  await startTogether(redis, s);
  for (;;) {
    await q.returnStranded();
    const key = await q.pop();
    if (key === null) {
      await timedEmptySleep(s.emptyQueueSleep);
      continue;
    }
    const job = await redis.hgetall(key);
    const status = job.status ?? '';
    if (FINISHED_STATUSES.has(status)) {
      await q.finish(key);
      continue;
    }
    if (status === 'new') {
      await q.update(key, { status: 'started', identity_started: s.pod });
      let t = nowSeconds();
      const entries = await unpackBundle(await bucket.get(job.input_file_name!));
      const zipDownload = nowSeconds() - t;
      const children: string[] = [];
      const uploads: number[] = [];
      const zipName = job.input_file_name!.replace(/^uploads\//, '').replace(/\.zip$/, '');
      for (const e of entries) {
        t = nowSeconds();
        const file = `images/${zipName}/${e.name}`;
        await bucket.put(file, e.bytes);
        const child = jobKey(s.queues.image, e.name, randomUUID());
        const created = nowSeconds();
        await createJobOnce(redis, child, { status: 'new', input_file_name: file, parent: key, created_at: stamp(created), updated_at: stamp(created) }, s.queues.image);
        children.push(child);
        uploads.push(nowSeconds() - t);
      }
      await q.update(key, { status: 'waiting', children: children.join(','), zip_download_time: zipDownload, image_upload_time: uploads.join(',') });
      await q.putBack(key, s.putBackSleep);
      continue;
    }
    // waiting: are all children finished?
    const children = (job.children ?? '').split(',').filter(Boolean);
    const pipeline = redis.pipeline();
    for (const c of children) pipeline.hget(c, 'status');
    const statuses = ((await pipeline.exec()) ?? []).map(([, v]) => String(v));
    if (!statuses.every((st) => FINISHED_STATUSES.has(st))) {
      await q.putBack(key, s.putBackSleep);
      continue;
    }
    const timings = redis.pipeline();
    for (const c of children) timings.hmget(c, 'output_file_name', ...TIMING_FIELDS);
    const rows = ((await timings.exec()) ?? []).map(([, v]) => v as Array<string | null>);
    let t = nowSeconds();
    const results = [];
    for (const [k, row] of rows.entries()) {
      if (row[0]) results.push({ name: children[k]!.split(':')[1]!, bytes: await bucket.get(row[0]) });
    }
    const resultDownload = nowSeconds() - t;
    t = nowSeconds();
    const output = job.input_file_name!.replace(/^uploads\//, 'output/');
    await bucket.put(output, await packBundle(results));
    const resultsZipUpload = nowSeconds() - t;
    const finished = nowSeconds();
    const lists = Object.fromEntries(TIMING_FIELDS.map((f, i) => [f, rows.map((r) => r[i + 1] ?? '').join(',')]));
    await q.update(key, {
      ...lists, status: 'done', output_file_name: output, result_download_time: resultDownload,
      results_zip_upload_time: resultsZipUpload, finished_at: stamp(finished),
    });
    await q.finish(key);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = readSettings(process.argv);
  runForever(`zip consumer ${s.pod}`, () => zipConsumerLoop(s));
}
