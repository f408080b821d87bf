/**
 * A screenshot of a report page in headless Chromium (Debian's `chromium`; optional: callers check CHROMIUM first).
 * Used by test/reports/sweep/chromium.test.ts and to make docs/*.png:
 *   npx tsx test/support/screenshot.ts out/headline/report/report.html docs/report-headline.png [WIDTH] [HEIGHT]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM: string | undefined = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export interface ShotOptions { width?: number; height?: number }

/** Writes a PNG of the top WIDTH x HEIGHT CSS pixels of `html` (device scale 1); throws with Chromium's stderr on failure. */
export function screenshot(html: string, png: string, o: ShotOptions = {}): void {
  if (!CHROMIUM) throw new Error('headless Chromium is not installed (/usr/bin/chromium): apt-get install chromium');
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1',
    `--window-size=${o.width ?? 1280},${o.height ?? 1600}`, '--virtual-time-budget=5000',
    `--screenshot=${path.resolve(png)}`, pathToFileURL(path.resolve(html)).href,
  ], { encoding: 'utf8', timeout: 90_000 });
  if (r.status !== 0 || !existsSync(png)) throw new Error(`chromium failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [html, png, w, h] = process.argv.slice(2);
  if (!html || !png) {
    process.stderr.write('usage: tsx test/support/screenshot.ts PAGE.html OUT.png [WIDTH] [HEIGHT]\n');
    process.exit(2);
  }
  screenshot(html, png, { width: w ? Number(w) : undefined, height: h ? Number(h) : undefined });
  process.stdout.write(`${png}\n`);
}
