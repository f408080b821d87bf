import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RunDirError } from '../run-dir/load-run.ts';

/** A resolved scenario as a run directory records it (scenario.json): every setting, presets and --set applied. */
export type ResolvedScenario = Record<string, unknown>;

/**
 * Reads DIR/scenario.json, the resolved scenario `kiosk-sim run --out DIR` writes; null when the directory has none
 * (older runs, synthetic fixtures). A file that is there but unreadable is the user's problem to hear about.
 */
export function readResolvedScenario(dir: string): ResolvedScenario | null {
  const p = path.join(dir, 'scenario.json');
  if (!existsSync(p)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(p, 'utf8'));
  } catch (e) {
    throw new RunDirError(`${p}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunDirError(`${p}: expected a JSON object (the resolved scenario)`);
  return value as ResolvedScenario;
}
