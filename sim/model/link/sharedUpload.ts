import type { Simulation } from '../../engine/index.ts';

export interface UploadLink {
  /** The link's bandwidth, bits per second. */
  bandwidthBps: number;
  /** Uploads in flight at most (the client's parallel uploads). */
  concurrency: number;
  /** Fixed time after a zip's last byte before its job exists (the bucket's request latency), s. */
  latency: number;
  /** Zips to upload, 0..zips-1, in order. */
  zips: number;
  /** Size of zip `i` in bits. */
  bitsOf(zip: number): number;
}

/**
 * The client's shared upload link: zips go up in order, at most `concurrency` at a time, sharing the
 * bandwidth equally (processor sharing); `uploaded(zip)` is called `latency` after a zip's last bit.
 */
export function startSharedUpload(sim: Simulation, link: UploadLink, uploaded: (zip: number) => void): void {
  const { bandwidthBps, concurrency, latency, zips: jobs, bitsOf } = link;
  const submit = uploaded;
  const active: { zip: number; bitsLeft: number }[] = [];
  let nextZip = 0;
  let lastUpdate = 0;
  let completion: ReturnType<typeof sim.schedule> | null = null;
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
