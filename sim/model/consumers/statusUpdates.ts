/**
 * The image consumer's status writes (kiosk-redis-consumer: one HSET per status change): started,
 * pre-processing, predicting come before the Predict calls; post-processing and saving-results after
 * them; done after the image's finish time is taken. Each is one Redis round trip. Given how many
 * of the six a scenario charges (counted in that order), the seconds each part of the job spends.
 */
export interface StatusUpdateSeconds {
  /** With download and pre-processing (started, pre-processing, predicting). */
  beforeServing: number;
  /** With post-processing and upload (post-processing, saving-results). */
  afterServing: number;
  /** After the image is finished, before the next pop (done). */
  afterDone: number;
}

export function statusUpdateSeconds(updates: number, opLatency: number): StatusUpdateSeconds {
  if (!(updates >= 0) || updates > 6 || !Number.isInteger(updates)) throw new RangeError(`status updates must be an integer from 0 to 6, got ${updates}`);
  const before = Math.min(updates, 3);
  const after = Math.min(updates - before, 2);
  return { beforeServing: before * opLatency, afterServing: after * opLatency, afterDone: (updates - before - after) * opLatency };
}
