/** Bits in one benchmark image: 1280 x 1080 px x 8 bit = 11,059,200 bit (sim/model/REFERENCE.md "Data path"). */
export const IMAGE_MBIT = (1280 * 1080 * 8) / 1e6; // 11.0592 Mbit, the constant in the paper's figure code

/** Python 3's round(): halves go to the even neighbour (the figure code is Python). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Optimal GPU count for upload speed U (Mbit/s) and per-GPU inference speed P (images/s), as the paper's Fig. S1
 * code computes it: max(1, round(U / (P x 11.0592) - 0.5)) (sim/model/REFERENCE.md "Known numbers"). It is the
 * supplement's d = N s: GPUs beyond the point where they consume images as fast as the link delivers them idle.
 */
export function optimalGpus(uploadMbps: number, imagesPerS: number): number {
  return Math.max(1, roundHalfEven(uploadMbps / (imagesPerS * IMAGE_MBIT) - 0.5));
}
