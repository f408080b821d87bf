/**
 * Seeds from the command line, parsed from the raw text: a JavaScript number silently rounds integers above
 * 2^53 - 1 (9007199254740993 becomes ...992), so a seed that large would run, and be reported, as another one.
 */
import { UserError } from './errors.ts';

export const MAX_SEED = Number.MAX_SAFE_INTEGER; // 2^53 - 1: the largest integer a JSON number keeps exactly

/** `raw` as a seed (a decimal integer 0..2^53-1), or a UserError that quotes exactly what was given. */
export function parseSeed(raw: unknown, option: string): number {
  const text = Array.isArray(raw) ? raw.at(-1) : raw;
  if (Array.isArray(raw) && raw.length > 1) throw new UserError(`${option}: given ${raw.length} times (${raw.map((r) => JSON.stringify(String(r))).join(', ')}); give it once`);
  const s = String(text ?? '').trim();
  if (!/^\d+$/.test(s)) throw new UserError(`${option}: expected an integer from 0 to ${MAX_SEED} (2^53-1), found ${JSON.stringify(String(text ?? ''))}`);
  if (BigInt(s) > BigInt(MAX_SEED)) {
    throw new UserError(`${option}: expected an integer from 0 to ${MAX_SEED} (2^53-1, the largest a JSON number holds exactly), found ${s}`);
  }
  return Number(s);
}

/**
 * `--set seed=...` is parsed as YAML by the scenario loader, which would round a long integer before checking it:
 * an all-digit value is checked here from its text (anything else is left to the scenario's own message).
 */
export function checkSeedOverrides(overrides: readonly string[]): void {
  for (const o of overrides) {
    const m = /^\s*seed\s*=\s*(\d+)\s*$/.exec(o);
    if (m) parseSeed(m[1]!, `--set ${o.trim()}`);
  }
}
