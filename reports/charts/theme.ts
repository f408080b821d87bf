import type { Config } from 'vega-lite';

/**
 * Shared look: white background (PNGs have no transparency surprises), a generic sans-serif font that resvg maps
 * to DejaVu Sans and browsers to their own, and readable sizes at 100 % zoom.
 */
export const THEME: Config = {
  background: 'white',
  font: 'sans-serif',
  padding: 12,
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: '#ccc' },
};

/** Categorical colours (Tableau 10), so the same series keeps its colour across charts. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
