/**
 * Benchmark: `calibrate redis` on a Kiosk-sized Redis. Fills a private redis-server (127.0.0.1, a free
 * port, no persistence; test/support/redis.ts) with N finished image job hashes shaped like the
 * consumer's (status, file names, the six timing fields), then times calibrateRedis end to end: SCAN,
 * pipelined HMGET, one sort per stage, thinning to 10^4 samples, the fits and the profile.
 * Prints one JSON line: {"name","jobs","wall_s","s_per_1e5_jobs","peak_rss_mb","heap_used_mb"}.
 *
 *   tsx test/bench/calibrateRedis.bench.ts [jobs]   (default 1e5; 1e6 is a real Kiosk's history)
 * Filling Redis is not timed. peak_rss_mb includes the redis client's buffers, not redis-server.
 */
import { Redis } from 'ioredis';
import seedrandom from 'seedrandom';
import { calibrateRedis } from '../../calibrate/run.ts';
import { startRedis } from '../support/redis.ts';

const JOBS = Number(process.argv[2] ?? 1e5);

async function fill(url: string, n: number): Promise<void> {
  const client = new Redis(url);
  const random = seedrandom.alea('bench-jobs');
  const seconds = (mu: number) => String(Math.exp(mu + 0.4 * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())));
  for (let start = 0; start < n; start += 5000) {
    const pipeline = client.pipeline();
    for (let i = start; i < Math.min(n, start + 5000); i++) {
      pipeline.hset(`segmentation:image-${i}.tif:${i.toString(16).padStart(8, '0')}`, {
        status: 'done', input_file_name: `uploads/image-${i}.tif`, output_file_name: `output/image-${i}.zip`,
        model_name: 'NuclearSegmentation', model_version: '0', created_at: String(1_600_000_000 + i),
        download_time: seconds(-2), preprocess_time: seconds(-4), prediction_time: seconds(-1.5),
        postprocess_time: seconds(-0.5), upload_time: seconds(-3), total_time: seconds(0.5),
      });
    }
    await pipeline.exec();
  }
  client.disconnect();
}

const redis = await startRedis();
try {
  await fill(redis.url, JOBS);
  const t0 = performance.now();
  const profile = await calibrateRedis({
    url: redis.url, match: 'segmentation:*', model: 'panoptic', tilesPerImage: 42, tileHeight: 256, tileWidth: 256,
    hardware: 'bench', name: 'bench', command: 'bench', maxSamples: 10_000,
  }, (line) => process.stderr.write(`${line}\n`));
  const wall = (performance.now() - t0) / 1000;
  if (profile.stages!.prediction!.n !== JOBS) throw new Error(`read ${profile.stages!.prediction!.n} of ${JOBS} jobs`);
  console.log(JSON.stringify({
    name: 'calibrate-redis',
    jobs: JOBS,
    wall_s: Math.round(wall * 1000) / 1000,
    s_per_1e5_jobs: Math.round((wall / JOBS) * 1e5 * 1000) / 1000,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    heap_used_mb: Math.round(process.memoryUsage().heapUsed / 1e5) / 10,
  }));
} finally {
  await redis.stop();
}
