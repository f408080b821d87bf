#!/usr/bin/env node
// kiosk-sim's executable. Runs the compiled CLI (dist/, built by `npm run build`, which `prepare` runs
// on install) so a start costs no TypeScript compilation; falls back to the TypeScript sources through
// tsx when dist/ is missing or older than any source file (a developer's edit since the last build).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const compiled = path.join(root, 'dist', 'sim', 'cli', 'main.js');
const stamp = path.join(root, 'dist', '.build-stamp');

/** Newest modification time of the TypeScript sources the build compiles (~150 stats, ~2 ms). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  try {
    const built = fs.statSync(stamp).mtimeMs;
    fs.accessSync(compiled);
    return ['sim', 'calibrate', 'reports'].every((d) => newestSource(path.join(root, d)) <= built);
  } catch {
    return false;
  }
}

if (process.env.KIOSK_SIM_FROM_SOURCE !== '1' && compiledIsCurrent()) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
