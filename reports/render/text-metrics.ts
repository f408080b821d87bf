import * as vega from 'vega';

/**
 * Approximate advance widths of DejaVu Sans (the font PNGs are rendered with), in em, by character class. Vega's
 * own headless estimate (0.8 em per character) is ~35 % too wide, which truncates legends and wastes space; with a
 * canvas it would measure real glyphs, which we do not have. Widths read off DejaVu Sans' metrics (2048 units/em),
 * grouped; exact to within a few percent on typical labels.
 */
const NARROW = new Set([...' .,:;\'|!ijlIJ']);
const SEMI = new Set([...'ftr()[]{}/\\-"`']);
const WIDE = new Set([...'mwMW%@']);
const UPPER = 0.7;

function charWidth(ch: string): number {
  if (NARROW.has(ch)) return 0.31;
  if (SEMI.has(ch)) return 0.39;
  if (WIDE.has(ch)) return ch === 'w' ? 0.82 : 0.96;
  if (ch >= '0' && ch <= '9') return 0.636;
  if (ch >= 'a' && ch <= 'z') return ch === 's' || ch === 'z' || ch === 'c' ? 0.53 : 0.61;
  if (ch >= 'A' && ch <= 'Z') return UPPER;
  if (ch === '·') return 0.32;
  return 0.65; // symbols such as ±, ×, −, –, $, +, =
}

/** Width in px of one line of text at `fontSize`, bold ~10 % wider. */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return em * fontSize * (bold ? 1.1 : 1);
}

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
}

function isBold(weight: unknown): boolean {
  return weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
}

let installed = false;

/** Points vega's text measurement (its documented `textMetrics.width` hook) at the DejaVu-aware estimate. Idempotent. */
export function installTextMetrics(): void {
  if (installed) return;
  installed = true;
  // vega re-exports vega-scenegraph's textMetrics at run time; its typings omit it.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item: TextItem, text?: unknown) => {
    const value = text ?? item.text;
    const size = item.fontSize ?? 11;
    const lines = Array.isArray(value) ? value.map(String) : [value == null ? '' : String(value)];
    return Math.max(0, ...lines.map((l) => estimateTextWidth(l, size, isBold(item.fontWeight))));
  };
}
