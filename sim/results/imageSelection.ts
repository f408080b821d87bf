/**
 * Which per-image rows a run directory keeps. images.csv is the bulk of a run directory (86 to 107 bytes an
 * image: 86 measured for quick.yaml at 20 000 images, 107 in the issue), so `--images` may keep all of them, a sample, or none:
 * - all: every image;
 * - sample:N: every k-th image of each replication by its index (k = ceil(submitted / N)), so the same images
 *   are kept whatever the seed and whichever engine ran them; about N rows in all;
 * - none: no images file (the report says which charts need one).
 * The file is gzip-compressed when its name ends in ".gz" (`--images-file images.csv.gz`).
 */
import { UserError } from '../scenario/userError.ts';

export type ImageSelection = { mode: 'all' } | { mode: 'sample'; n: number } | { mode: 'none' };

export const IMAGE_FILE_NAMES = ['images.csv', 'images.csv.gz'] as const;
export type ImageFileName = (typeof IMAGE_FILE_NAMES)[number];

/** What summary.json's run_dir block says about the images file. */
export interface ImagesManifest {
  file: ImageFileName | null;
  selection: ImageSelection['mode'];
  /** sample: every `every`-th image (by index, in each replication) was kept; `requested` was N. */
  every?: number;
  requested?: number;
}

export function parseImageSelection(raw: string): ImageSelection {
  const s = raw.trim();
  if (s === 'all' || s === 'none') return { mode: s };
  const m = /^sample:(\d+)$/.exec(s);
  if (m && Number(m[1]) >= 1 && Number.isSafeInteger(Number(m[1]))) return { mode: 'sample', n: Number(m[1]) };
  throw new UserError(`--images: expected all, none or sample:N (N a whole number of images >= 1, e.g. sample:10000), found ${JSON.stringify(raw)}`);
}

export function parseImageFileName(raw: string): ImageFileName {
  if ((IMAGE_FILE_NAMES as readonly string[]).includes(raw)) return raw as ImageFileName;
  throw new UserError(`--images-file: expected images.csv or images.csv.gz (gzip-compressed), found ${JSON.stringify(raw)}; the name is inside the run directory, so that reports find it`);
}

/** The sampling stride: 1 keeps every image. */
export function sampleStride(selection: ImageSelection, submitted: number): number {
  if (selection.mode !== 'sample') return 1;
  return Math.max(1, Math.ceil(submitted / selection.n));
}

export function imagesManifest(selection: ImageSelection, file: ImageFileName, submitted: number): ImagesManifest {
  if (selection.mode === 'none') return { file: null, selection: 'none' };
  if (selection.mode === 'all') return { file, selection: 'all' };
  return { file, selection: 'sample', every: sampleStride(selection, submitted), requested: selection.n };
}
