// The headline cell (scenarios/paper/2020-8gpu-0.5s-1m.yaml: 10^6 images) on one core:
//  - "headline-fixed8": issue 3's data-path benchmark, 8 fixed GPUs (autoscaling off; 200 image and
//    100 zip consumers, enough to keep 8 GPUs busy without exceeding the 20 s deadline);
//  - "headline-dynamic": issue 4's, with every dynamic on (autoscalers, cluster autoscaler, preemption).
// One JSON line each: events, wall and CPU seconds, events/s, peak RSS. `npm run bench -- headline`.
//
// BENCH_IMAGES=N runs the variants with N images instead (a quick check of the benchmark itself).
// BENCH_SPLIT=1 adds "split": the CPU time by component (sim/ folder) from V8's sampling profiler.
// BENCH_VARIANT=memory (long: ~10x the fixed run, so not run by default) measures memory against run size:
// 8 fixed GPUs at 10^6 and 10^7 images, each in its own process (peak RSS is per process), and the bytes per
// image between them beside the per-image result columns' own bytes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../sim/scenario/load.ts';
import { KioskContext } from '../../sim/model/kiosk.ts';
import { profileSplit } from './profileSplit.ts';

const file = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';
const fixed8 = ['autoscaling.policy=fixed', 'autoscaling.fixed.serving=8', 'autoscaling.fixed.image_consumers=200', 'autoscaling.fixed.zip_consumers=100'];
const variants: [string, string[]][] = [
  ['headline-fixed8', fixed8],
  ['headline-dynamic', []],
];

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Bytes of the per-image result columns (ImageRecord's typed arrays) per image. */
function recordBytesPerImage(ctx: KioskContext): number {
  let bytes = 0;
  for (const v of Object.values(ctx.record)) if (ArrayBuffer.isView(v)) bytes += v.byteLength;
  return bytes / ctx.record.count;
}

async function measure(name: string, overrides: string[], split: boolean): Promise<Record<string, unknown>> {
  const { config } = loadScenario(file, overrides);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ctx = new KioskContext(config, 1);
  const run = () => ctx.run();
  const { result: outcome, split: bySplit } = split ? await profileSplit(run) : { result: run(), split: undefined };
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cost = ctx.costBreakdown();
  return {
    name,
    images: ctx.record.count,
    completed: outcome.completed,
    makespan_h: +(ctx.lastFinish / 3600).toFixed(3),
    cost_usd: +cost.total.toFixed(2),
    events: ctx.sim.eventsProcessed,
    wall_s: +wall.toFixed(2),
    cpu_s: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    events_per_s: Math.round(ctx.sim.eventsProcessed / wall),
    zip_cycles_in_bulk: ctx.zipRotation.cycles,
    empty_polls_modelled: ctx.imageQueue.emptyPolls + ctx.zipQueue.emptyPolls,
    peak_rss_mb: peakRssMb(),
    record_bytes_per_image: recordBytesPerImage(ctx),
    ...(bySplit ? { split: bySplit } : {}),
  };
}

const childImages = process.env.BENCH_MEMORY_IMAGES;
if (childImages) {
  // one size of the memory case, in its own process
  console.log(JSON.stringify(await measure(`memory-${childImages}`, [...fixed8, `workload.images=${childImages}`], false)));
} else if (process.env.BENCH_VARIANT === 'memory') {
  const sizes = [1_000_000, 10_000_000];
  const rows = sizes.map((n) => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_MEMORY_IMAGES: String(n), BENCH_VARIANT: '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.status !== 0) throw new Error(`memory case with ${n} images failed (exit ${child.status})`);
    const row = JSON.parse(child.stdout.trim().split('\n').pop()!) as { peak_rss_mb: number; record_bytes_per_image: number };
    console.log(JSON.stringify(row));
    return row;
  });
  const [small, large] = rows as [(typeof rows)[0], (typeof rows)[0]];
  console.log(
    JSON.stringify({
      name: 'memory-bytes-per-image',
      bytes_per_image: Math.round(((large.peak_rss_mb - small.peak_rss_mb) * 2 ** 20) / (sizes[1]! - sizes[0]!)),
      record_bytes_per_image: large.record_bytes_per_image,
    }),
  );
} else {
  const only = process.env.BENCH_VARIANT;
  for (const [name, overrides] of variants) {
    if (only && only !== name) continue;
    const images = process.env.BENCH_IMAGES ? [`workload.images=${process.env.BENCH_IMAGES}`] : [];
    console.log(JSON.stringify(await measure(name, [...overrides, ...images], process.env.BENCH_SPLIT === '1')));
  }
}
