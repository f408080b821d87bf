/**
 * A number as the run directory's CSV files write it: rounded to the microsecond (6 decimals), shortest form,
 * '' when not finite. The same text as String(Math.round(x * 1e6) / 1e6), built from two integers: a
 * 10^6-image images.csv formats ~10^7 numbers, and converting the rounded double back to text was the
 * costliest step of writing it.
 *
 * Why it is the same text: with v = Math.round(x * 1e6), y = v / 1e6 is the double nearest the decimal
 * d = v x 10^-6. For |y| < 2^33 a double's spacing is below 10^-6, so no other decimal with 6 or fewer
 * decimals rounds to y and d is the shortest text that reads back as y: what String(y) prints (no exponent
 * form: every nonzero |d| is >= 10^-6, and String uses exponents only below 10^-6 or from 10^21).
 */
const LIMIT = 8e15; // |v| below this: |y| < 8e9 < 2^33, and v, its parts and their sum are exact integers

export function micros(x: number): string {
  const v = Math.round(x * 1e6);
  if (!(v > -LIMIT && v < LIMIT)) return Number.isFinite(x) ? String(v / 1e6) : '';
  const a = v < 0 ? -v : v;
  let frac = a % 1e6;
  const whole = (a - frac) / 1e6;
  const sign = v < 0 ? '-' : ''; // v = -0 (x in (-0.5e-6, 0]) prints as 0, as String(-0) does
  if (frac === 0) return sign + whole;
  let digits = 6;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  const f = String(frac);
  return sign + whole + '.' + '00000'.slice(0, digits - f.length) + f;
}
