/**
 * How kiosk-sim recognises a directory it wrote itself. A run directory holds a marker file naming the format,
 * its version and every top-level entry kiosk-sim put there; only such a directory may ever be replaced, and
 * only when it holds nothing else (a file the user added is never deleted).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MARKER_FILE = '.kiosk-sim-run';
export const RUN_DIR_FORMAT = 'kiosk-sim-run';
export const RUN_DIR_VERSION = 1;

export interface RunDirMarker {
  format: typeof RUN_DIR_FORMAT;
  version: number;
  /** Top-level entries kiosk-sim wrote (files, and `report` when a report was written into the directory). */
  entries: string[];
}

/** The marker of `dir`, or null when there is none or it is not ours (unreadable, not JSON, another format). */
export function readMarker(dir: string): RunDirMarker | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.join(dir, MARKER_FILE), 'utf8'));
  } catch {
    return null;
  }
  const m = raw as Partial<RunDirMarker> | null;
  if (!m || m.format !== RUN_DIR_FORMAT || typeof m.version !== 'number' || !Array.isArray(m.entries)) return null;
  if (!m.entries.every((e) => typeof e === 'string' && e !== '' && !e.includes('/') && !e.includes('\\') && e !== '.' && e !== '..')) return null;
  return { format: RUN_DIR_FORMAT, version: m.version, entries: m.entries };
}

export function writeMarker(dir: string, entries: readonly string[]): void {
  const marker: RunDirMarker = { format: RUN_DIR_FORMAT, version: RUN_DIR_VERSION, entries: [...new Set([...entries, MARKER_FILE])] };
  writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify(marker) + '\n');
}

/** Records that kiosk-sim also wrote `entry` into the run directory `dir` (e.g. `report`); no-op elsewhere. */
export function claimEntry(dir: string, entry: string): void {
  const m = readMarker(dir);
  if (m && !m.entries.includes(entry)) writeMarker(dir, [...m.entries, entry]);
}

/** Entries of `dir` that its marker does not list: what kiosk-sim did not write and must not delete. */
export function foreignEntries(dir: string, marker: RunDirMarker): string[] {
  const ours = new Set([...marker.entries, MARKER_FILE]);
  return readdirSync(dir).filter((e) => !ours.has(e)).sort();
}
