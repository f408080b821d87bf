/**
 * The package root: the nearest folder above this module holding kiosk-sim's package.json. Profiles
 * (calibrate/profiles) and scenarios are read relative to it, whether this module runs as TypeScript
 * from sim/scenario or as compiled JavaScript from dist/sim/scenario.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'kiosk-sim') return dir;
      } catch {
        // an unreadable manifest is not ours; keep looking upwards
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`kiosk-sim's package.json not found above ${from}`);
  }
}

export const REPO_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
