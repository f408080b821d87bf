/**
 * The race's tie rule: a challenger stops racing once its replications show, seed by seed against the
 * cheapest candidate's (common random numbers: replication k of both ran on the same seed), that it is
 * not more than `tolerance` cheaper than it. More replications could then only tell apart two costs
 * that the user has said are the same to them, so the race keeps the cheapest and stops the other.
 *
 * The test: with paired differences D_k = (1 - tolerance) x best_k - challenger_k over the first n
 * shared seeds (D > 0 on average: the challenger is more than `tolerance` cheaper), the challenger is
 * tied when the one-sided upper confidence bound mean(D) + t(n-1, 1 - level) x sd(D) / sqrt(n) is at
 * most 0. If the challenger were in truth more than `tolerance` cheaper (E[D] > 0) and the D_k normal,
 * that happens with probability below `level` at one look. The race looks only at the counts `looks`
 * (raceLooks) and each look gets TIE_ERROR / (number of looks) (Bonferroni), so over the whole race a
 * challenger that is more than `tolerance` cheaper than the recommendation is wrongly left tied with it
 * with probability at most TIE_ERROR.
 */
import { studentTQuantile } from '../engine/special.ts';

/** The chance, per challenger, of leaving tied one that is in truth more than the tolerance cheaper (one-sided 95%, as the answer's other bounds). */
export const TIE_ERROR = 0.05;

/**
 * The fewest paired replications a tie is tested on: below 4 the t quantile (2 degrees of freedom or
 * fewer: 6.2 at 0.975 with 2) leaves only differences of almost exactly zero tied.
 */
export const FIRST_LOOK = 4;

/**
 * The replication counts below the cap at which the race tests for ties: 4, then every second count
 * (the race adds two replications a round from there: raceNext). None when the cap is 4 or less: a
 * candidate then races to the cap as before.
 */
export function raceLooks(cap: number): number[] {
  const out: number[] = [];
  for (let n = FIRST_LOOK; n < cap; n += 2) out.push(n);
  return out;
}

/**
 * The race's next replication count after n: doubling up to the first look (1, 2, 4), then two more a
 * round, so that every look is a count the candidates reach together; never past the cap. Without looks
 * (the rule off or a small cap) it doubles to the cap, as the race always did.
 */
export function raceNext(n: number, cap: number, looks: readonly number[]): number {
  if (n <= 0) return Math.min(1, cap);
  if (looks.length === 0) return Math.min(cap, 2 * n);
  return Math.min(cap, n < FIRST_LOOK ? Math.min(2 * n, FIRST_LOOK) : n + 2);
}

export interface TieTest {
  /** Paired replications the test used (the largest look the two share). */
  n: number;
  /** Mean of best_k - challenger_k over them (USD): how much cheaper the challenger was on average. */
  saving_usd: number;
  /** One-sided upper bound on (1 - tolerance) x E[best] - E[challenger] at the look's level (USD): at most 0 is a tie. */
  upper_usd: number;
  level: number;
  tied: boolean;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

/**
 * The tie test of a challenger's costs against the best's (both in seed order), at the largest look
 * both have reached; undefined before the first look, without looks, or where a cost among those
 * compared is not known (NaN: a replication cut before its end).
 */
export function tieTest(best: readonly number[], challenger: readonly number[], tolerance: number, looks: readonly number[]): TieTest | undefined {
  const shared = Math.min(best.length, challenger.length);
  const n = Math.max(0, ...looks.filter((l) => l <= shared));
  if (n < 2 || !(tolerance > 0)) return undefined;
  const level = TIE_ERROR / looks.length;
  const d = Array.from({ length: n }, (_, k) => (1 - tolerance) * best[k]! - challenger[k]!);
  if (d.some((x) => !Number.isFinite(x))) return undefined; // a cost not known (a cut replication)
  const upper = mean(d) + (studentTQuantile(1 - level, n - 1) * sd(d)) / Math.sqrt(n);
  const saving = mean(Array.from({ length: n }, (_, k) => best[k]! - challenger[k]!));
  return { n, saving_usd: saving, upper_usd: upper, level, tied: upper <= 0 };
}
