/**
 * Reports for kiosk-sim runs: read run directories (summary.json, images.csv, timeseries.csv, events.csv), aggregate,
 * build vega-lite charts, render them to SVG and PNG, and write tables (Markdown, CSV) and one self-contained
 * report.html. Phases: load (streaming, bounded memory per image) -> chart data -> specs -> render -> write.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadRun, type RunData } from './run-dir/load-run.ts';
import { fig2aData, fig2aSpec } from './charts/fig2a-histograms.ts';
import { fig2bData, fig2bHasLines, fig2bReferences, fig2bSpec } from './charts/fig2b-time-vs-gpu.ts';
import { configurationsData, configurationsSpec } from './charts/configurations.ts';
import { groupByConfiguration, type ConfiguredRun, type Grouping } from './configs/group.ts';
import { readResolvedScenario } from './configs/resolved-scenario.ts';
import { answerTable } from './answer/answer.ts';
import { fig2cData, fig2cSpec } from './charts/fig2c-cost-vs-cluster.ts';
import { figS1Curves, figS1Points, figS1Spec } from './charts/figS1-optimal-gpus.ts';
import { timelineData, timelineSpec } from './charts/timeline.ts';
import { renderHtml, type HtmlSection } from './render/html.ts';
import { renderCharts, writeTable, type ChartJob } from './render/write-charts.ts';
import { compareWithPaper } from './paper/comparison.ts';
import { comparisonTable, latencyTable, runSummaryTable, runsTable } from './tables/run-tables.ts';
import { toHtml, toMarkdown } from './tables/table.ts';

export { RunDirError } from './run-dir/load-run.ts';
export { writeSweepReport } from './sweep/write-sweep-report.ts';
export { isSweepDir } from './sweep/load-sweep.ts';

export interface ReportOptions {
  /** Replication drawn on timelines (default: the first). */
  replication?: number;
  /** Write PNGs beside the SVGs (default true). */
  png?: boolean;
  /** PNG pixels per SVG pixel (default 2). */
  pngScale?: number;
  /** Page title. */
  title?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface ReportResult {
  /** Every file written, absolute or relative as outDir was given. */
  files: string[];
  /** Path of report.html. */
  html: string;
}

/** File-system-safe, unique names for run subfolders. */
function slugs(runs: readonly RunData[]): string[] {
  const seen = new Map<string, number>();
  return runs.map((r) => {
    const base = path.basename(path.resolve(r.dir)).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

/**
 * Charts across configurations. Fig. 2b and 2c only when some series has two or more GPU maxima (a line over one
 * point, or a panel with one bar, says nothing); the side-by-side comparison whenever there are several
 * configurations; Fig. S1 always (its curves place even one run).
 */
function crossCharts(grouping: Grouping): ChartJob[] {
  const configs = grouping.configurations;
  const jobs: ChartJob[] = [];
  if (configs.length > 1) {
    const d = configurationsData(configs);
    jobs.push({ id: 'configurations', file: 'configurations', title: 'Configurations compared', caption: 'One bar per configuration (same resolved scenario except seed); labels name the settings that differ. Makespan: mean ± 1 sd over the pooled replications; cost stacked by component.', spec: configurationsSpec(d), data: d });
  }
  const b = fig2bData(configs);
  if (fig2bHasLines(b)) {
    const refs = fig2bReferences(configs, b);
    jobs.push({ id: 'fig2b-time-vs-gpu', file: 'fig2b-time-vs-gpu', title: 'Fig. 2b: total processing time vs GPU max', caption: 'One line per series (the settings other than GPU max); log time axis; error bars: ± 1 standard deviation over the replications of one configuration. Black cross / grey band: the paper’s numbers where a cell matches (sim/model/REFERENCE.md, Known numbers).', spec: fig2bSpec(b, refs), data: { points: b, paper: refs } });
    const c = fig2cData(configs);
    if (c.length) {
      jobs.push({ id: 'fig2c-cost', file: 'fig2c-cost-vs-cluster', title: 'Fig. 2c: cost vs cluster size', caption: 'One panel per series. Data costs = storage + operations + storage egress; network egress = inter-zone traffic; node costs from node lifetimes and hourly prices.', spec: fig2cSpec(c), data: c });
    }
  }
  const curves = figS1Curves(configs);
  const points = figS1Points(configs);
  jobs.push({ id: 'figS1-optimal-gpus', file: 'figS1-optimal-gpus', title: 'Fig. S1: optimal cluster size vs inference speed', caption: 'Step lines: the paper’s analytic optimum for each upload speed. Triangles: each configuration’s GPU max at its per-GPU speed; circles: the smallest GPU max within 5 % of the fastest configuration of a series that tried several. Axes fitted to the simulated points.', spec: figS1Spec(curves, points), data: { points } });
  return jobs;
}

/** Why a run has no Fig. 2a: the per-image rows were left out on purpose (run --images none) or are missing. */
function imagesAbsentNote(run: RunData): string {
  const selection = (run.summary as { run_dir?: { images?: { selection?: string } } }).run_dir?.images?.selection;
  return selection === 'none'
    ? 'No per-image rows: this run was written with --images none, so Fig. 2a (per-image histograms) cannot be drawn; the latency table comes from summary.json.'
    : 'No images.csv in this run directory: no Fig. 2a (per-image histograms).';
}

/** "a sample of every 100th image" when run --images sample:N wrote the rows. */
function sampleNote(run: RunData): string {
  const images = (run.summary as { run_dir?: { images?: { selection?: string; every?: number } } }).run_dir?.images;
  return images?.selection === 'sample' ? ` The rows are a sample (run --images sample): every ${images.every}th image of each replication, by index.` : '';
}

function runCharts(run: RunData): ChartJob[] {
  const jobs: ChartJob[] = [];
  if (run.images && run.images.rows > 0) {
    jobs.push({ id: 'fig2a-histograms', file: 'fig2a-histograms', title: 'Fig. 2a: per-image time contributions', caption: `Histograms over ${run.images.rows} images of all replications, fixed-width bins; data transfer = 2 × (download + upload) as the paper computes it.${sampleNote(run)}`, spec: fig2aSpec(run.images, run.name), data: fig2aData(run.images) });
  }
  if (run.timeseries && run.timeseries.rows.length > 0) {
    const td = timelineData(run.timeseries, run.events);
    const reps = Math.max(run.summary.replications || 1, run.timeseries.replications.length);
    const note = run.timeseries.rawRows > run.timeseries.rows.length ? ` ${run.timeseries.rawRows} samples reduced to ${run.timeseries.rows.length} time buckets (levels averaged, running totals last value).` : '';
    jobs.push({ id: 'timeline', file: 'timeline', title: 'Timeline', caption: `Queues, pods by type and state, nodes, GPU utilisation, throughput and cumulative cost over time; dashed rules mark preemptions, pod crashes and restarts.${note}`, spec: timelineSpec(td, run.name, run.timeseries.replication, reps, run.timeseries.replications.indexOf(run.timeseries.replication) + 1), data: { rows: td.rows.length, events: td.events } });
  }
  return jobs;
}

/**
 * Writes the report for one run directory (its figures, timelines, tables) or several (cross-run Fig. 2b, 2c and
 * S1, then one section per run) into outDir: SVG + PNG + vega-lite JSON per chart, CSV tables, summary.md and a
 * self-contained report.html. Runs are aggregated one at a time, so memory does not grow with the run count.
 */
export async function writeReport(runDirs: string[], outDir: string, opts: ReportOptions = {}): Promise<ReportResult> {
  if (runDirs.length === 0) throw new Error('writeReport: no run directories given');
  const files: string[] = [];
  const runs: ConfiguredRun[] = [];
  for (const d of runDirs) {
    opts.log?.(`reading ${d}`);
    const run = await loadRun(d, { replication: opts.replication });
    runs.push({ ...run, scenario: readResolvedScenario(d) });
  }
  mkdirSync(outDir, { recursive: true }); // only once every run directory has proved readable
  const several = runs.length > 1;
  const grouping = groupByConfiguration(runs);
  const names = slugs(runs);
  const sections: HtmlSection[] = [];
  const md: string[] = [`# ${opts.title ?? 'kiosk-sim report'}`, '', `Runs: ${runs.map((r) => `\`${r.dir}\``).join(', ')}`, ''];

  // The answer first: what a person ran the simulator to learn, in the console's units.
  const answer = answerTable(grouping.configurations);
  writeTable(outDir, 'answer', answer, files);
  sections.push({ id: 'answer', heading: 'The answer', items: [{ kind: 'table', html: toHtml(answer, 'answer') }] });
  md.push('## The answer', '', toMarkdown(answer));

  const cross = await renderCharts(crossCharts(grouping), outDir, '', opts, files);
  const rt = runsTable(grouping);
  writeTable(outDir, 'runs', rt, files);
  const crossData = { 'fig2b-time-vs-gpu': fig2bData(grouping.configurations), 'fig2c-cost': fig2cData(grouping.configurations), 'figS1-points': figS1Points(grouping.configurations) };
  for (const [name, rows] of Object.entries(crossData)) {
    if (rows.length === 0) continue;
    const cols = Object.keys(rows[0]!);
    writeTable(outDir, name, { title: name, columns: cols, rows: rows.map((r) => cols.map((c) => (r as unknown as Record<string, string | number>)[c]!)) }, files);
  }
  const heading = grouping.configurations.length > 1 ? 'Across configurations' : several ? 'Across runs' : 'Cluster size';
  sections.push({
    id: 'overview',
    heading,
    items: [{ kind: 'table' as const, html: toHtml(rt) }, ...cross.map((chart) => ({ kind: 'chart' as const, chart }))],
  });
  md.push(`## ${heading}`, '', toMarkdown(rt));
  for (const c of cross) md.push(`![${c.title}](${c.file}.${opts.png === false ? 'svg' : 'png'})`, '');

  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    const dir = several ? path.join(outDir, 'runs', names[i]!) : outDir;
    mkdirSync(dir, { recursive: true });
    const rel = several ? `runs/${names[i]}/` : '';
    const prefix = several ? `${names[i]}-` : '';
    opts.log?.(`charts for ${run.name}`);
    const charts = await renderCharts(runCharts(run), dir, prefix, opts, files);
    const summaryT = runSummaryTable(run);
    const latencyT = latencyTable(run);
    const comparison = compareWithPaper(run);
    const comparisonT = comparisonTable(comparison, run.name);
    writeTable(dir, 'summary', summaryT, files);
    if (latencyT.rows.length) writeTable(dir, 'latency', latencyT, files);
    writeTable(dir, 'paper-comparison', comparisonT, files);
    if (run.images) {
      writeTable(dir, 'histograms', { title: 'histograms', columns: ['metric', 'start_s', 'end_s', 'count'], rows: fig2aData(run.images).map((r) => [r.metric, r.start, r.end, r.count]) }, files);
    }
    if (run.timeseries && run.timeseries.rows.length) {
      const cols = ['t_s', ...run.timeseries.columns];
      writeTable(dir, 'timeline', { title: 'timeline', columns: cols, rows: run.timeseries.rows.map((r) => cols.map((c) => (c === 't_s' ? r.t! : r[c]!))) }, files);
    }
    const items: HtmlSection['items'] = [{ kind: 'table', html: toHtml(summaryT) }];
    const byId = (id: string) => charts.find((c) => c.id === `${prefix}${id}`);
    const fig2a = byId('fig2a-histograms');
    if (fig2a) items.push({ kind: 'chart', chart: fig2a });
    else items.push({ kind: 'note', text: imagesAbsentNote(run) });
    if (latencyT.rows.length) items.push({ kind: 'table', html: toHtml(latencyT) });
    const timeline = byId('timeline');
    if (timeline) items.push({ kind: 'chart', chart: timeline });
    else items.push({ kind: 'note', text: 'No timeseries.csv in this run directory: no timeline.' });
    items.push(comparison.length ? { kind: 'table', html: toHtml(comparisonT) } : { kind: 'note', text: 'This scenario matches no cell of the paper.' });
    const config = grouping.configurations.find((c) => c.runs.includes(run))!;
    const runHeading = config.label === run.name ? `Run: ${run.name}` : `Run: ${run.name} (${config.label})`;
    sections.push({ id: `run-${names[i]}`, heading: runHeading, intro: `Directory ${run.dir}`, items });

    md.push(`## ${runHeading}`, '', toMarkdown(summaryT));
    if (fig2a) md.push(`![Fig. 2a](${rel}${fig2a.file}.${opts.png === false ? 'svg' : 'png'})`, '');
    if (latencyT.rows.length) md.push(toMarkdown(latencyT));
    if (timeline) md.push(`![Timeline](${rel}${timeline.file}.${opts.png === false ? 'svg' : 'png'})`, '');
    md.push(comparison.length ? toMarkdown(comparisonT) : 'This scenario matches no cell of the paper.\n');
  }

  const title = opts.title ?? (several ? `kiosk-sim report: ${runs.length} runs` : `kiosk-sim report: ${runs[0]!.name}`);
  const html = renderHtml(title, `Generated by kiosk-sim from ${runs.length} run director${several ? 'ies' : 'y'}. Charts are inline SVG; their aggregated data is embedded as JSON (#chart-data).`, sections);
  const htmlPath = path.join(outDir, 'report.html');
  writeFileSync(htmlPath, html);
  const mdPath = path.join(outDir, 'summary.md');
  writeFileSync(mdPath, md.join('\n'));
  files.push(mdPath, htmlPath);
  return { files, html: htmlPath };
}
