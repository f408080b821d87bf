/**
 * The sweep's output directory, written safely: everything goes to a temporary sibling first and
 * is renamed into place at the end, so a failed or interrupted sweep leaves the old directory as it
 * was. DIR may be absent, empty, or a previous sweep directory (it holds the marker file
 * `.kiosk-sim-sweep`, which lists what the sweep wrote); anything else is refused, and a previous
 * sweep directory holding files the sweep did not write is refused too: a user's file is never
 * deleted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../scenario/userError.ts';
import { replaceDirectory } from '../results/replaceDirectory.ts';

export const SWEEP_MARKER = '.kiosk-sim-sweep';

/** Whose directory: its marker file, the tool named in it, and the word for it in messages (the plan has its own: sim/plan/plan.ts). */
export interface DirKind { marker: string; tool: string; what: string }
export const SWEEP_DIR: DirKind = { marker: SWEEP_MARKER, tool: 'kiosk-sim sweep', what: 'sweep' };

interface Marker { tool: string; entries: string[] }

function readMarker(dir: string, kind: DirKind): Marker | null {
  try {
    const m = JSON.parse(readFileSync(path.join(dir, kind.marker), 'utf8')) as Marker;
    return Array.isArray(m.entries) ? m : null;
  } catch {
    return null;
  }
}

/**
 * Lists `entry` (e.g. `report`, which `kiosk-sim report DIR` writes by default) as the sweep's own, so that a later
 * `sweep --out DIR` may replace it; does nothing in a directory without a sweep marker.
 */
export function claimSweepEntry(dir: string, entry: string): void {
  const m = readMarker(dir, SWEEP_DIR);
  if (!m || m.entries.includes(entry)) return;
  writeFileSync(path.join(dir, SWEEP_MARKER), JSON.stringify({ tool: 'kiosk-sim sweep', entries: [...m.entries, entry].sort() } satisfies Marker, null, 2) + '\n');
}

/** Throws a UserError unless `dir` may be (re)written by a sweep; call before any run starts. */
export function checkSweepDir(dir: string, kind: DirKind = SWEEP_DIR): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UserError(`--out ${dir}: expected a directory for the ${kind.what}'s results, found a file`);
  const entries = readdirSync(dir);
  if (entries.length === 0) return;
  const marker = readMarker(dir, kind);
  if (!marker) {
    throw new UserError(`--out ${dir}: the directory is not empty and is not a previous ${kind.what}'s (no ${kind.marker} file); choose a new or empty directory: nothing was written`);
  }
  const foreign = entries.filter((e) => e !== kind.marker && !marker.entries.includes(e));
  if (foreign.length) {
    throw new UserError(`--out ${dir}: the previous ${kind.what} directory holds files the ${kind.what} did not write (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', ...' : ''}); move them or choose another directory: nothing was written`);
  }
}

/** Writes the sweep directory through `fill(tmp)`, then swaps it in; returns the final directory. */
export async function writeSweepDir(dir: string, fill: (tmp: string) => Promise<void>, kind: DirKind = SWEEP_DIR): Promise<string> {
  checkSweepDir(dir, kind);
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(abs)}.partial-${process.pid}-${Date.now()}`);
  mkdirSync(tmp);
  try {
    await fill(tmp);
    const entries = readdirSync(tmp).sort();
    writeFileSync(path.join(tmp, kind.marker), JSON.stringify({ tool: kind.tool, entries } satisfies Marker, null, 2) + '\n');
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  checkSweepDir(dir, kind); // again: someone may have written into it while the sweep ran
  if (existsSync(abs)) {
    // only our own marker-listed entries are in there (checked above); keep them until the new one is in place
    const old = path.join(parent, `.${path.basename(abs)}.old-${process.pid}-${Date.now()}`);
    replaceDirectory(tmp, abs, old, (aside) => rmSync(aside, { recursive: true, force: true }));
  } else {
    renameSync(tmp, abs);
  }
  return abs;
}
