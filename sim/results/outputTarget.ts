/**
 * Where `run --out` may write, decided before anything is simulated: a run costs minutes, so a refusal must
 * come first, and it must never be "after deleting what was there". The rules:
 * - the path (once resolved) may not lie in /proc, /sys or /dev, and every existing part of it must be a
 *   plain directory (a symbolic link or a file is refused, never replaced);
 * - a run directory may be created where nothing is, or in an empty directory;
 * - an existing kiosk-sim run directory (it has the marker) is replaced only with --force, and only when it
 *   holds nothing but what kiosk-sim wrote;
 * - anything else (a non-empty directory of someone's files, the current directory) is refused.
 */
import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { UserError } from '../scenario/userError.ts';
import { foreignEntries, MARKER_FILE, readMarker } from './runDirMarker.ts';

/** Kernel file systems: writing there is never a user's results and can hang (/proc) or damage (/dev). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];

const isUnder = (p: string, root: string) => p === root || p.startsWith(root + path.sep);

function lstatOrNull(p: string): Stats | null {
  try {
    return lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: a file is in the way higher up; the caller finds it and names it
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new UserError(`--out ${p}: cannot inspect the path (${code ?? (e as Error).message})`);
  }
}

/** The deepest part of `abs` that exists (always exists: at worst the root). */
function nearestExisting(abs: string): string {
  let p = abs;
  while (lstatOrNull(p) === null) {
    const up = path.dirname(p);
    if (up === p) return p;
    p = up;
  }
  return p;
}

/**
 * Checks that `out` can hold output: not in a kernel file system, its existing part a directory.
 * Returns the absolute path.
 */
export function checkOutputLocation(out: string): string {
  if (out.includes('\0')) throw new UserError(`--out: the path contains a NUL character`);
  const abs = path.resolve(out);
  const existing = nearestExisting(abs);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch (e) {
    throw new UserError(`--out ${out}: cannot resolve ${existing} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const realAbs = path.join(real, path.relative(existing, abs));
  const special = SPECIAL_ROOTS.find((r) => isUnder(abs, r) || isUnder(realAbs, r));
  if (special) throw new UserError(`--out ${out}: ${special} is a kernel file system, not a place for results; choose a directory of your own`);
  const st = lstatSync(existing);
  if (existing !== abs && !st.isDirectory()) {
    throw new UserError(`--out ${out}: ${existing} is ${st.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a directory, so nothing can be created under it`);
  }
  return abs;
}

/** What is at a would-be run directory now. */
export type TargetState = 'absent' | 'empty' | 'run';

/**
 * Checks one run directory target (the --out path, or one sub-directory of it) and says what is there.
 * Throws a UserError for everything that must not be replaced.
 */
export function checkRunTarget(dir: string, force: boolean): TargetState {
  const abs = checkOutputLocation(dir);
  const st = lstatOrNull(abs);
  if (st === null) return 'absent';
  if (st.isSymbolicLink()) throw new UserError(`--out ${dir}: is a symbolic link; kiosk-sim writes only into a plain directory (give the link's target)`);
  if (!st.isDirectory()) throw new UserError(`--out ${dir}: is a file, not a directory; kiosk-sim never replaces a file (choose another --out)`);
  if (isUnder(process.cwd(), abs)) throw new UserError(`--out ${dir}: is the current directory (or contains it); choose a new directory for the run`);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch (e) {
    throw new UserError(`--out ${dir}: cannot read the directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (entries.length === 0) return 'empty';
  const marker = readMarker(abs);
  if (!marker) {
    throw new UserError(
      `--out ${dir}: the directory is not empty and is not a kiosk-sim run directory (no ${MARKER_FILE} marker); ` +
        `kiosk-sim does not delete other files: choose a new directory or empty this one`,
    );
  }
  if (!force) throw new UserError(`--out ${dir}: holds an earlier kiosk-sim run; pass --force to replace it, or choose another directory`);
  const foreign = foreignEntries(abs, marker);
  if (foreign.length > 0) {
    throw new UserError(
      `--out ${dir}: holds an earlier kiosk-sim run and also ${foreign.length === 1 ? 'a file' : `${foreign.length} files`} kiosk-sim did not write ` +
        `(${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); even --force will not delete them: move them out first`,
    );
  }
  return 'run';
}

/**
 * A scenario name as one path component (multi-file runs write OUT/NAME): no separators, no `..`, no NUL,
 * nothing that resolves outside OUT. `file` names the scenario in the message.
 */
export function runDirName(name: string, file: string): string {
  const bad =
    name === '' ? 'it is empty'
    : name.includes('\0') ? 'it contains a NUL character'
    : name.includes('/') || name.includes('\\') ? 'it contains a path separator'
    : name === '.' || name === '..' || name.includes('..') ? 'it contains ".."'
    : null;
  if (bad) {
    throw new UserError(
      `${file}: name: ${JSON.stringify(name)} cannot name a run directory under --out (${bad}); ` +
        `expected a plain name such as "my-run" (letters, digits, "-", "_", ".")`,
    );
  }
  return name;
}

/**
 * The run directories of one `run` call, checked before any simulation: OUT itself for one file, OUT/NAME for
 * several (two runs may not share a name, compared without case so that case-insensitive disks are safe too).
 */
export function planRunDirectories(out: string, runs: readonly { file: string; name: string }[], force: boolean): string[] {
  if (runs.length === 1) {
    checkRunTarget(out, force);
    return [out];
  }
  const root = checkOutputLocation(out);
  const rootState = lstatOrNull(root);
  if (rootState && !rootState.isDirectory()) {
    throw new UserError(`--out ${out}: is ${rootState.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a directory; several scenario files write one sub-directory each under a directory`);
  }
  const seen = new Map<string, string>();
  return runs.map(({ file, name }) => {
    const key = runDirName(name, file).toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(`${file}: name: ${JSON.stringify(name)} is also the name of ${first}; each run of one call writes OUT/NAME, so give the scenarios different names`);
    }
    seen.set(key, file);
    const dir = path.join(out, name);
    checkRunTarget(dir, force);
    return dir;
  });
}
