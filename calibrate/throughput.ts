/**
 * What a profile implies for one kiosk image (1280x1080, sim/model/REFERENCE.md): 2020 PanopticNet tiles it
 * into 42 tiles of 256x256 sent as 16 + 16 + 10; the 2019 feature-net takes the whole image as one
 * batch of 1. Uses the fit (no residual), so it is the typical, not the best or worst, rate.
 */
import type { ServingProfile } from '../sim/model/serving/profile.ts';
import { fittedBatchSeconds } from '../sim/model/serving/profile.ts';

export const KIOSK_REQUESTS_2020 = [16, 16, 10] as const; // 42 tiles, 64 // ((256/128)^2) = 16 per request
export const IMAGE_MEGAPIXELS = (1280 * 1080) / 1e6;

export function secondsPerKioskImage(p: Pick<ServingProfile, 'model' | 'fit'>): number {
  if (p.model === 'panoptic') return KIOSK_REQUESTS_2020.reduce((t, b) => t + fittedBatchSeconds(p.fit, b, 256, 256), 0);
  return fittedBatchSeconds(p.fit, 1, 1080, 1280);
}

export function kioskThroughput(p: Pick<ServingProfile, 'model' | 'fit'>): { imagesPerSecond: number; megapixelsPerSecond: number } {
  const images = 1 / secondsPerKioskImage(p);
  return { imagesPerSecond: images, megapixelsPerSecond: images * IMAGE_MEGAPIXELS };
}
