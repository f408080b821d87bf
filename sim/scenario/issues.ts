/**
 * Zod issues turned into scenario messages: one YAML path and one "expected ..., found ..." text.
 * Field builders (fields.ts) write their own messages; this module covers the rest (unknown keys,
 * unions, zod's generic type errors).
 */
import type { z } from 'zod';
import { quoteExcerpt } from './excerpt.ts';
import { showValue } from './fields.ts';
import { getAt, type Path } from './merge.ts';
import { keysAt } from './schemaWalk.ts';
import { didYouMean } from './suggest.ts';

export interface ScenarioProblem {
  path: Path;
  message: string;
  /** Point at the key rather than the value (unknown keys). */
  atKey: boolean;
}

type Issue = z.core.$ZodIssue;

/** True when a branch failed only because the input is of another type (at its root, or in every branch of a nested union). */
function isRootTypeMismatch(errs: Issue[]): boolean {
  if (errs.length !== 1 || errs[0]!.path.length !== 0) return false;
  const e = errs[0]!;
  return e.code === 'invalid_type' || (e.code === 'invalid_union' && e.errors.every(isRootTypeMismatch));
}

/** For a union, the branch the input was meant for: the one whose errors are not a plain type mismatch at its root. */
function unionBranch(issue: Extract<Issue, { code: 'invalid_union' }>): Issue[] | undefined {
  const meant = issue.errors.filter((errs) => !isRootTypeMismatch(errs));
  return meant.length === 1 ? meant[0] : undefined;
}

function problemOf(issue: Issue, data: unknown, prefix: Path): ScenarioProblem {
  const path: Path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = keysAt(path.filter((p): p is string => typeof p === 'string'));
    const hint = didYouMean(key, known);
    const list = known.length ? ` (known keys here: ${known.join(', ')})` : '';
    return { path: [...path, key], message: `unknown key ${quoteExcerpt(key)}${hint}${hint ? '' : list}`, atKey: true };
  }
  if (issue.code === 'invalid_union') {
    const branch = unionBranch(issue);
    if (branch?.[0]) return problemOf(branch[0], data, path);
  }
  const custom = issue.message && !issue.message.startsWith('Invalid input') && !issue.message.startsWith('Invalid option');
  if (custom) return { path, message: issue.message, atKey: false };
  const expected = issue.code === 'invalid_type' ? issue.expected : 'a valid value';
  return { path, message: `expected ${expected}, found ${showValue(getAt(data, path))}`, atKey: false };
}

/** The first problem zod found in `data`, as a scenario problem. */
export function firstProblem(error: z.ZodError, data: unknown): ScenarioProblem {
  return problemOf(error.issues[0]!, data, []);
}

/** Every problem zod found in `data` (one per path and message), in zod's order. */
export function allProblems(error: z.ZodError, data: unknown): ScenarioProblem[] {
  const seen = new Set<string>();
  const out: ScenarioProblem[] = [];
  for (const issue of error.issues) {
    const p = problemOf(issue, data, []);
    const key = `${p.path.join('\u0000')}\u0001${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
