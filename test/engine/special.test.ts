import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { erfc, normalCdf, normalQuantile, studentTCdf, studentTQuantile } from '../../sim/engine/special.ts';

const close = (got: number, want: number, tol: number, what: string) =>
  assert.ok(Math.abs(got - want) <= tol, `${what}: got ${got}, want ${want} +/- ${tol}`);

test('Student t quantiles match table values (two-sided 95% and 99%)', () => {
  // Reference values: standard t tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2), 7 digits.
  const t975: [number, number][] = [[1, 12.7062047], [2, 4.3026527], [5, 2.5705818], [10, 2.2281389], [30, 2.0422725], [Infinity, 1.959964]];
  for (const [df, want] of t975) close(studentTQuantile(0.975, df), want, 1e-6, `t(0.975, ${df})`);
  const t995: [number, number][] = [[1, 63.6567412], [3, 5.8409093], [5, 4.0321430], [10, 3.1692727], [30, 2.7499957], [100, 2.6258905]];
  for (const [df, want] of t995) close(studentTQuantile(0.995, df), want, 1e-6, `t(0.995, ${df})`);
});

test('t quantile and CDF are inverses, symmetric, for fractional and large df', () => {
  for (const df of [0.5, 1.5, 3, 7.3, 50, 1e4]) {
    for (const p of [0.001, 0.1, 0.5, 0.8, 0.99]) {
      const t = studentTQuantile(p, df);
      close(studentTCdf(t, df), p, 1e-10, `cdf(quantile(${p}, ${df}))`);
      close(studentTQuantile(1 - p, df), -t, 1e-9 * Math.max(1, Math.abs(t)), 'symmetry');
    }
  }
});

test('normal CDF, quantile and erfc agree with tables', () => {
  close(normalCdf(1.96), 0.9750021, 2e-7, 'Phi(1.96)');
  close(normalCdf(-3), 0.0013499, 2e-7, 'Phi(-3)');
  close(normalQuantile(0.975), 1.959964, 1e-6, 'Phi^-1(0.975)');
  close(normalQuantile(1e-6), -4.753424, 1e-5, 'Phi^-1(1e-6)');
  close(erfc(0.5), 0.4795001, 1e-7, 'erfc(0.5)');
  assert.is(normalQuantile(0), -Infinity);
});

test.run();
