/** Chart jobs to files: each vega-lite spec as SVG, PNG (unless turned off) and .vl.json; tables as CSV. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { specToSvg } from './svg.ts';
import { svgToPng } from './png.ts';
import type { HtmlChart } from './html.ts';
import { toCsv, type Table } from '../tables/table.ts';

/** One chart to draw: its file name (no extension), the page's title and caption, the spec and its data. */
export interface ChartJob {
  id: string;
  file: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
  data: unknown;
}

export interface ChartOptions {
  /** Write PNGs beside the SVGs (default true). */
  png?: boolean;
  /** PNG pixels per SVG pixel (default 2). */
  pngScale?: number;
  log?: (line: string) => void;
}

/** Renders chart jobs into `dir`; returns the HTML charts and the files written. */
export async function renderCharts(jobs: readonly ChartJob[], dir: string, prefix: string, opts: ChartOptions, files: string[]): Promise<(HtmlChart & { file: string })[]> {
  const out: (HtmlChart & { file: string })[] = [];
  for (const job of jobs) {
    const svg = await specToSvg(job.spec);
    const svgPath = path.join(dir, `${job.file}.svg`);
    writeFileSync(svgPath, svg);
    files.push(svgPath);
    if (opts.png !== false) {
      const pngPath = path.join(dir, `${job.file}.png`);
      writeFileSync(pngPath, svgToPng(svg, opts.pngScale ?? 2));
      files.push(pngPath);
    }
    const specPath = path.join(dir, `${job.file}.vl.json`);
    writeFileSync(specPath, JSON.stringify(job.spec));
    files.push(specPath);
    out.push({ id: `${prefix}${job.id}`, title: job.title, caption: job.caption, svg, data: job.data, file: job.file });
    opts.log?.(`  ${job.file}.svg`);
  }
  return out;
}

export function writeTable(dir: string, name: string, t: Table, files: string[]): void {
  const p = path.join(dir, `${name}.csv`);
  writeFileSync(p, toCsv(t));
  files.push(p);
}


