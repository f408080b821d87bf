/**
 * Arrival traces: a CSV with one arrival time in seconds per row (first column; a header row is
 * optional; blank lines and lines starting with # are skipped). Times must be >= 0 and ascending.
 */

import { quoteExcerpt } from './excerpt.ts';

export type TraceResult = { ok: true; times: number[] } | { ok: false; line: number; message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseTrace(text: string): TraceResult {
  const times: number[] = [];
  const rows = text.split(/\r?\n/);
  let sawData = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.trim();
    if (row === '' || row.startsWith('#')) continue;
    const cell = row.split(',')[0]!.trim().replace(/^"(.*)"$/, '$1');
    if (!NUMBER.test(cell)) {
      if (!sawData && times.length === 0) {
        sawData = true; // the header
        continue;
      }
      return { ok: false, line: i + 1, message: `expected an arrival time in seconds, found ${quoteExcerpt(cell)}` };
    }
    sawData = true;
    const t = Number(cell);
    if (!Number.isFinite(t)) return { ok: false, line: i + 1, message: `expected a finite arrival time in seconds, found ${quoteExcerpt(cell)}` };
    if (t < 0) return { ok: false, line: i + 1, message: `expected an arrival time >= 0 s, found ${cell}` };
    const prev = times[times.length - 1];
    if (prev !== undefined && t < prev) return { ok: false, line: i + 1, message: `expected ascending times (>= ${prev} s of the row before), found ${cell}` };
    times.push(t);
  }
  if (times.length === 0) return { ok: false, line: 1, message: 'expected at least one arrival time, found none' };
  return { ok: true, times };
}
