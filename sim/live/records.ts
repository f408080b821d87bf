/**
 * Reading a live run back from its job hashes, with the kiosk's field names (REFERENCE.md
 * "Per-image fields"): what `kiosk-sim calibrate redis` reads, plus created_at / finished_at for
 * queue wait and end-to-end time. Nothing here is measured by the harness itself except what the
 * consumers wrote.
 */
import type { Redis } from 'ioredis';
import type { Queues } from './protocol.ts';

export interface ImageRow {
  key: string;
  status: string;
  created: number;
  finished: number;
  download: number;
  preprocess: number;
  prediction: number;
  postprocess: number;
  upload: number;
  total: number;
  retries: number;
  doneCount: number;
  /** Seconds of the Predict calls spent outside the model server, and the number of calls. */
  transport: number;
  calls: number;
  /** Per successful call: seconds outside the server, and of them the part before the server had the request. */
  callTransport: number[];
  callSend: number[];
  /** Every failed Predict attempt: kind, start (epoch seconds), duration and the back-off's lateness after it (NaN: not recorded). */
  failures: Array<{ kind: string; at: number; seconds: number; backoffLate: number }>;
}

export interface ZipRow {
  key: string;
  status: string;
  created: number;
  finished: number;
  children: number;
  zipDownload: number;
  imageUploads: number[];
  resultDownload: number;
  resultsZipUpload: number;
}

export interface LiveRecords {
  images: ImageRow[];
  zips: ZipRow[];
  /** Raw hashes of the image jobs (for importers). */
  imageHashes: Array<Record<string, string>>;
}

const num = (v: string | undefined) => (v === undefined || v === '' ? NaN : Number(v));
const numbers = (v: string | undefined) => (v ?? '').split(',').filter(Boolean).map(Number);
/** `kind@start+seconds+late,...` (imageConsumer.ts; earlier runs wrote no `+late`) as records; a malformed entry is left out. */
export const failedAttempts = (v: string | undefined) => (v ?? '').split(',').filter(Boolean).flatMap((e) => {
  const m = /^([a-z]+)@([0-9.]+)\+([0-9.]+)(?:\+([0-9.]+))?$/.exec(e);
  return m ? [{ kind: m[1]!, at: Number(m[2]), seconds: Number(m[3]), backoffLate: m[4] === undefined ? NaN : Number(m[4]) }] : [];
});

async function scanHashes(redis: Redis, match: string): Promise<Array<{ key: string; hash: Record<string, string> }>> {
  const out: Array<{ key: string; hash: Record<string, string> }> = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 1000, 'TYPE', 'hash');
    cursor = next;
    const p = redis.pipeline();
    for (const k of keys) p.hgetall(k);
    const res = (await p.exec()) ?? [];
    res.forEach(([err, h], i) => { if (!err) out.push({ key: keys[i]!, hash: h as Record<string, string> }); });
  } while (cursor !== '0');
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export async function readRunRecords(redis: Redis, q: Queues): Promise<LiveRecords> {
  // image keys are `{image queue}:{name}:{uuid}`, zip keys `{image queue}-zip:{name}:{uuid}`
  const images = await scanHashes(redis, `${q.image}:*`);
  const zips = await scanHashes(redis, `${q.zip}:*`);
  return {
    imageHashes: images.map((j) => j.hash),
    images: images.map(({ key, hash: h }) => ({
      key, status: h.status ?? '', created: num(h.created_at), finished: num(h.finished_at),
      download: num(h.download_time), preprocess: num(h.preprocess_time), prediction: num(h.prediction_time),
      postprocess: num(h.postprocess_time), upload: num(h.upload_time), total: num(h.total_time),
      retries: num(h.retries) || 0, doneCount: Object.keys(h).filter((f) => f.startsWith('done_by:')).length,
      transport: num(h.predict_transport_time), calls: num(h.predict_calls),
      callTransport: numbers(h.predict_transport_times), callSend: numbers(h.predict_send_times),
      failures: failedAttempts(h.predict_failures),
    })),
    zips: zips.map(({ key, hash: h }) => ({
      key, status: h.status ?? '', created: num(h.created_at), finished: num(h.finished_at),
      children: (h.children ?? '').split(',').filter(Boolean).length,
      zipDownload: num(h.zip_download_time), imageUploads: (h.image_upload_time ?? '').split(',').filter(Boolean).map(Number),
      resultDownload: num(h.result_download_time), resultsZipUpload: num(h.results_zip_upload_time),
    })),
  };
}
