import { exponential } from '../../engine/distributions.ts';
import type { KioskState } from '../state.ts';
import { startSharedUpload } from '../link/sharedUpload.ts';

/**
 * Starts the workload: zips or images enter the system according to `workload.arrival`.
 * - paced: zip i is created at i x startDelay (the benchmark's START_DELAY; no upload performed)
 * - upload: zips go up over one shared link; up to `concurrency` uploads share its bandwidth equally
 *   (processor sharing); a zip's job is created when its upload completes
 * - poisson / deterministic / trace: image or zip jobs at those times
 */
export function startArrivals(ctx: KioskState): void {
  const a = ctx.config.workload.arrival;
  const sim = ctx.sim;
  const jobs = ctx.usesZips ? ctx.zipCount : ctx.record.count;
  const submit = ctx.usesZips ? (i: number) => ctx.submitZip(i) : (i: number) => ctx.submitImage(i);
  switch (a.kind) {
    case 'paced':
    case 'deterministic': {
      const step = a.kind === 'paced' ? a.startDelay : a.interval;
      let i = 0;
      const next = (): void => {
        submit(i++);
        if (i < jobs) sim.schedule(step, next);
      };
      sim.schedule(0, next);
      return;
    }
    case 'poisson': {
      const gap = exponential(ctx.streams.stream('workload.arrivals'), 1 / a.rate);
      let i = 0;
      const next = (): void => {
        submit(i++);
        if (i < jobs) sim.schedule(gap(), next);
      };
      sim.schedule(gap(), next);
      return;
    }
    case 'trace': {
      const times = a.times;
      const n = Math.min(jobs, times.length);
      let i = 0;
      const next = (): void => {
        submit(i++);
        if (i < n) sim.at(Math.max(times[i]!, sim.now), next);
      };
      if (n > 0) sim.at(times[0]!, next);
      return;
    }
    case 'upload':
      startSharedUpload(sim, {
        bandwidthBps: a.bandwidthBps,
        concurrency: a.concurrency,
        latency: ctx.config.storage.enabled ? ctx.config.storage.steps.zipUp.latency : 0,
        zips: jobs,
        bitsOf: (zip) => ctx.imagesInZip(zip) * ctx.config.workload.imageBytes * 8,
      }, submit);
      return;
  }
}
