import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

/** DejaVu Sans as Debian installs it (fonts-dejavu-core); used when present so PNGs look the same everywhere. */
const DEJAVU = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf',
];

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** Font settings for resvg: the DejaVu files when installed (fast, deterministic), else the system's fonts. */
export function pngFontOptions(): NonNullable<ResvgRenderOptions['font']> {
  if (!fontOptions) {
    const files = DEJAVU.filter((f) => existsSync(f));
    fontOptions = files.length
      ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
      : { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' };
  }
  return fontOptions!;
}

/** Rasterises an SVG string to PNG bytes at `scale` x its size, on white. */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: pngFontOptions(), background: 'white' });
  return resvg.render().asPng();
}
