/**
 * Scenario names become directory and file names of the results (--out DIR/<name>/...), so a name must
 * be one plain path segment: no path separators, no "..", no control characters (NUL ends a C path;
 * a newline breaks every listing), not empty, and short enough for a file system's 255-byte names.
 */

/** Longest name, in characters: 255-byte file names leave room for suffixes such as "-r12.json". */
export const MAX_NAME_CHARS = 200;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why `name` cannot name a results directory, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  const what = 'a scenario name usable as a directory name';
  if (name.trim() === '') return `expected ${what}, found an empty name`;
  if (name.includes('/') || name.includes('\\')) return `expected ${what} (no "/" or "\\"), found a path separator in ${JSON.stringify(name.slice(0, 60))}`;
  if (name.includes('..')) return `expected ${what} (no ".."), found ${JSON.stringify(name.slice(0, 60))}`;
  if (CONTROL.test(name)) return `expected ${what} (no control characters such as NUL or newline), found one in ${JSON.stringify(name.slice(0, 60))}`;
  if (name === '.') return `expected ${what}, found "."`;
  if (name.length > MAX_NAME_CHARS) return `expected ${what} of at most ${MAX_NAME_CHARS} characters, found ${name.length}`;
  return undefined;
}
