import { exponential } from '../../engine/distributions.ts';
import type { KioskState } from '../state.ts';

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
      startSharedUpload(ctx, a.bandwidthBps, a.concurrency, jobs, submit);
      return;
  }
}

/** Zips uploaded over one link of `bandwidthBps`, at most `concurrency` at a time, sharing it equally. */
function startSharedUpload(
  ctx: KioskState,
  bandwidthBps: number,
  concurrency: number,
  jobs: number,
  submit: (i: number) => void,
): void {
  const sim = ctx.sim;
  const w = ctx.config.workload;
  const step = ctx.config.storage.steps.zipUp;
  const latency = ctx.config.storage.enabled ? step.latency : 0;
  const active: { zip: number; bitsLeft: number }[] = [];
  let nextZip = 0;
  let lastUpdate = 0;
  let completion: ReturnType<typeof sim.schedule> | null = null;
  const bitsOf = (zip: number) => ctx.imagesInZip(zip) * w.imageBytes * 8;
  const progress = (): void => {
    const dt = sim.now - lastUpdate;
    lastUpdate = sim.now;
    if (active.length === 0 || dt <= 0) return;
    const each = (bandwidthBps / active.length) * dt;
    for (const u of active) u.bitsLeft -= each;
  };
  const reschedule = (): void => {
    sim.cancel(completion);
    completion = null;
    if (active.length === 0) return;
    let least = Infinity;
    for (const u of active) least = Math.min(least, u.bitsLeft);
    const dt = Math.max(0, (least * active.length) / bandwidthBps);
    completion = sim.schedule(dt, onCompletion);
  };
  const onCompletion = (): void => {
    progress();
    const eps = 1e-6 * bandwidthBps;
    for (let k = active.length - 1; k >= 0; k--) {
      if (active[k]!.bitsLeft <= eps) {
        const { zip } = active[k]!;
        active.splice(k, 1);
        sim.schedule(latency, () => submit(zip));
      }
    }
    startMore();
    reschedule();
  };
  const startMore = (): void => {
    while (active.length < concurrency && nextZip < jobs) {
      active.push({ zip: nextZip, bitsLeft: bitsOf(nextZip) });
      nextZip++;
    }
  };
  sim.schedule(0, () => {
    lastUpdate = sim.now;
    startMore();
    reschedule();
  });
}
