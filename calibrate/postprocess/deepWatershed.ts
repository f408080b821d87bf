/**
 * Deep watershed post-processing, as the 2020 kiosk consumer runs it on the model's outputs:
 * markers are the local maxima of the (smoothed) inner-distance map above a threshold, and a
 * marker-controlled watershed floods the negated outer-distance map inside the foreground
 * (outer distance above a threshold); tiny objects are dropped.
 *
 * Defaults follow DeepCell's deep_watershed for nuclear segmentation (radius 10, maxima threshold 0.1,
 * interior threshold 0.01); they are parameters, and only the timing is used by the simulator.
 */
import { gaussianBlur, maxFilter } from './filters.ts';
import { labelComponents, markerWatershed, removeSmallObjects } from './watershed.ts';

export interface ModelOutputs {
  height: number;
  width: number;
  /** Peaks at nucleus centres. */
  inner: Float32Array;
  /** Distance to the nucleus edge inside nuclei, ~0 outside. */
  outer: Float32Array;
}

export interface DeepWatershedOptions {
  /** Half-size of the neighbourhood a marker must dominate, px. */
  radius: number;
  maximaThreshold: number;
  interiorThreshold: number;
  maximaSmoothSigma: number;
  minObjectSize: number;
}

export const DEEP_WATERSHED_DEFAULTS: DeepWatershedOptions = {
  radius: 10,
  maximaThreshold: 0.1,
  interiorThreshold: 0.01,
  maximaSmoothSigma: 1,
  minObjectSize: 10,
};

/** Marker image: each 8-connected group of local maxima above the threshold is one marker. */
export function findMarkers(
  inner: Float32Array, height: number, width: number, radius: number, threshold: number,
): { labels: Int32Array; count: number } {
  const peaks = maxFilter(inner, height, width, radius);
  const isPeak = new Uint8Array(inner.length);
  for (let p = 0; p < inner.length; p++) {
    isPeak[p] = inner[p]! >= threshold && inner[p] === peaks[p] ? 1 : 0;
  }
  return labelComponents(isPeak, height, width);
}

export function deepWatershed(
  outputs: ModelOutputs, options: Partial<DeepWatershedOptions> = {},
): { labels: Int32Array; count: number } {
  const o = { ...DEEP_WATERSHED_DEFAULTS, ...options };
  const { height, width } = outputs;
  const maxima = gaussianBlur(outputs.inner, height, width, o.maximaSmoothSigma);
  const markers = findMarkers(maxima, height, width, o.radius, o.maximaThreshold);
  const mask = new Uint8Array(outputs.outer.length);
  const elevation = new Float32Array(outputs.outer.length);
  for (let p = 0; p < mask.length; p++) {
    mask[p] = outputs.outer[p]! > o.interiorThreshold ? 1 : 0;
    elevation[p] = -outputs.outer[p]!;
  }
  const flooded = markerWatershed(elevation, markers.labels, mask, height, width);
  return removeSmallObjects(flooded, o.minObjectSize);
}
