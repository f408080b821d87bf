// The headline cell (scenarios/paper/2020-8gpu-0.5s-1m.yaml: 10^6 images) on one core:
//  - "headline-fixed8": issue 3's data-path benchmark, 8 fixed GPUs (autoscaling off; 200 image and
//    100 zip consumers, enough to keep 8 GPUs busy without exceeding the 20 s deadline);
//  - "headline-dynamic": issue 4's, with every dynamic on (autoscalers, cluster autoscaler, preemption).
// One JSON line each. `npm run bench -- headline`.
import { loadScenario } from '../../sim/scenario/load.ts';
import { KioskContext } from '../../sim/model/kiosk.ts';

const file = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';
const variants: [string, string[]][] = [
  ['headline-fixed8', ['autoscaling.policy=fixed', 'autoscaling.fixed.serving=8', 'autoscaling.fixed.image_consumers=200', 'autoscaling.fixed.zip_consumers=100']],
  ['headline-dynamic', []],
];
const only = process.env.BENCH_VARIANT;
for (const [name, overrides] of variants) {
  if (only && only !== name) continue;
  const { config } = loadScenario(file, overrides);
  const t0 = performance.now();
  const ctx = new KioskContext(config, 1);
  const outcome = ctx.run();
  const wall = (performance.now() - t0) / 1000;
  const cost = ctx.costBreakdown();
  console.log(
    JSON.stringify({
      name,
      images: ctx.record.count,
      completed: outcome.completed,
      makespan_h: +(ctx.lastFinish / 3600).toFixed(3),
      cost_usd: +cost.total.toFixed(2),
      events: ctx.sim.eventsProcessed,
      wall_s: +wall.toFixed(2),
      events_per_s: Math.round(ctx.sim.eventsProcessed / wall),
      zip_cycles_in_bulk: ctx.zipRotation.cycles,
      empty_polls_modelled: ctx.imageQueue.emptyPolls + ctx.zipQueue.emptyPolls,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}
