/**
 * Is this a complete, readable run directory? Checked before any chart is drawn, so a bad directory gives one
 * message naming the file and the field instead of a crash half-way through a report:
 * - summary.json has the shape of the fields reports read (a zod schema of that part of the run contract);
 * - a directory that kiosk-sim marked (summary.json `run_dir`, written last) has its marker and each CSV file
 *   with the expected header and exactly the number of data rows recorded: a truncated file is refused;
 * - an older or hand-made directory without `run_dir` is checked as far as it can be: required columns, whole
 *   last lines, images.csv rows against `images.submitted`, and no temporary (`*.partial-PID`) directory.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CSV_FILES, EVENT_COLUMNS, IMAGE_COLUMNS } from '../../sim/results/write.ts';
import { openCsv } from './csv-stream.ts';
import { MARKER_FILE, readMarker, RUN_DIR_FORMAT } from '../../sim/results/runDirMarker.ts';

/** A number, or null where JSON had to drop a NaN or the statistic does not exist (sd of one replication). */
const num = z.number().nullable();
const count = z.number().int().min(0);
export const statSchema = z.looseObject({ mean: num, sd: num.optional(), min: num, max: num, ci95: z.tuple([num, num]).optional() });
const stat = statSchema;
const quantiles = z.looseObject({ mean: num, p50: num, p90: num.optional(), p95: num, p99: num, max: num });

/** The fields of summary.json that reports read; other fields may be added freely. */
export const reportedSummarySchema = z.looseObject({
  scenario: z.string(),
  replications: z.number().int().min(1),
  seeds: z.array(z.number()).optional(),
  completed: z.boolean().optional(),
  reason: z.string().optional(),
  images: z.looseObject({ submitted: count, completed: count, failed: count }).optional(),
  makespan_s: stat.optional(),
  throughput_images_per_s: stat.optional(),
  latency_s: z.record(z.string(), quantiles).optional(),
  cost_usd: z.record(z.string(), stat).optional(),
  gpu: z.looseObject({ peak_nodes: stat.optional(), mean_utilization: stat.optional() }).optional(),
  engine: z.looseObject({ events: z.number(), wall_s: z.number(), events_per_s: num }).optional(),
  meta: z
    .looseObject({
      era: z.enum(['2019', '2020']).optional(),
      images: z.number().optional(),
      gpu_max: num.optional(),
      zones: z.number().optional(),
      preemptible: z.boolean().optional(),
      arrival: z.looseObject({ kind: z.string() }).optional(),
      upload_bps: num.optional(),
      gpu_images_per_s: num.optional(),
      profile: z.string().optional(),
    })
    .optional(),
  run_dir: z
    .looseObject({
      format: z.literal(RUN_DIR_FORMAT),
      version: z.number().int().min(1),
      rows: z.looseObject({ 'images.csv': count, 'timeseries.csv': count, 'events.csv': count }),
      // run --images / --images-file (sim/results/imageSelection.ts); absent in directories written before them
      images: z
        .looseObject({
          file: z.enum(['images.csv', 'images.csv.gz']).nullable(),
          selection: z.enum(['all', 'sample', 'none']),
          every: z.number().int().min(1).optional(),
          requested: z.number().int().min(1).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type ReportedSummary = z.infer<typeof reportedSummarySchema>;

/** A problem with a run directory, worded for the user (the CLI turns it into exit code 2). */
export class RunDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunDirError';
  }
}

const show = (v: unknown) => (v === undefined ? 'nothing' : Array.isArray(v) ? 'an array' : JSON.stringify(v).slice(0, 60));

function valueAt(data: unknown, keys: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of keys) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** "FILE: a.b: expected number, found \"two\"" for the first problem zod found in `data`. */
export function describeFirstIssue(file: string, data: unknown, error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? issue.path.map(String).join('.') : '(the top level)';
  const expected =
    issue.code === 'invalid_type' ? `expected ${issue.expected === 'object' ? 'a JSON object' : issue.expected}`
    : issue.code === 'too_small' ? `expected at least ${String(issue.minimum)}`
    : issue.message;
  return `${file}: ${where}: ${expected}, found ${show(valueAt(data, issue.path))}`;
}

/** summary.json, checked: returns it typed, or throws naming the file and the first wrong field. */
export function validateSummary(file: string, data: unknown): ReportedSummary {
  const r = reportedSummarySchema.safeParse(data);
  if (r.success) return r.data;
  throw new RunDirError(`${describeFirstIssue(file, data, r.error)} (is this a summary.json written by \`kiosk-sim run --out\`?)`);
}

interface CsvShape {
  header: string;
  /** Non-blank lines after the header. */
  rows: number;
  /** The file ends with a newline (a file cut off while being written usually does not). */
  whole: boolean;
}

/** Reads a CSV file once, as bytes: its header, its data rows and whether the last line is whole. */
async function csvShape(file: string): Promise<CsvShape> {
  let header: string | null = null;
  let head = '';
  let lines = 0;
  let last = 10; // as if after a newline: a leading blank line is not a row
  for await (const chunk of openCsv(file) as AsyncIterable<Buffer>) {
    if (header === null) {
      const nl = chunk.indexOf(10);
      head += chunk.toString('utf8', 0, nl === -1 ? chunk.length : nl);
      if (nl !== -1) header = head;
    }
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) {
      if ((nl === 0 ? last : chunk[nl - 1]) !== 10) lines++;
    }
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  const whole = last === 10;
  if (!whole) lines++; // the unfinished last line
  return { header: (header ?? head).replace(/\r$/, ''), rows: Math.max(0, lines - 1), whole };
}

/** Columns the report needs in a directory that carries no exact header to compare with. */
const REQUIRED_COLUMNS: Record<(typeof CSV_FILES)[number], string[]> = {
  'images.csv': ['queue_wait_s', 'serving_s', 'total_s', 'finish_s'],
  'timeseries.csv': ['t_s'],
  'events.csv': ['t_s', 'kind'],
};

/** The exact header kiosk-sim writes (timeseries.csv: its first two columns; the rest depend on the scenario). */
function headerMatches(name: (typeof CSV_FILES)[number], header: string): boolean {
  if (name === 'images.csv') return header === IMAGE_COLUMNS;
  if (name === 'events.csv') return header === EVENT_COLUMNS;
  return header.startsWith('replication,t_s');
}

/**
 * The images file of a run directory: the one summary.json names (null: written with --images none), else
 * images.csv, or images.csv.gz when only that one is there.
 */
export function imagesFileOf(dir: string, summary: Pick<ReportedSummary, 'run_dir'>): string | null {
  const recorded = summary.run_dir?.images;
  if (recorded) return recorded.file;
  return !existsSync(path.join(dir, 'images.csv')) && existsSync(path.join(dir, 'images.csv.gz')) ? 'images.csv.gz' : 'images.csv';
}

const TEMPORARY_DIR = /\.(kiosk-sim-)?partial-\d+$/;

/**
 * Checks the files of run directory `dir` against its summary. Refuses an interrupted or temporary directory,
 * a missing or truncated CSV file, and wrong headers, each with the file named.
 */
export async function validateRunFiles(dir: string, summary: ReportedSummary): Promise<void> {
  if (TEMPORARY_DIR.test(path.resolve(dir))) {
    throw new RunDirError(`${dir}: is the temporary directory of a run that did not finish writing (kiosk-sim renames it when complete); run the scenario again`);
  }
  const manifest = summary.run_dir;
  if (manifest) {
    const marker = readMarker(dir);
    if (!marker) throw new RunDirError(`${path.join(dir, MARKER_FILE)}: missing or unreadable, but summary.json says kiosk-sim wrote this directory; it is incomplete or was altered`);
  }
  for (const name of CSV_FILES) {
    const fileName = name === 'images.csv' ? imagesFileOf(dir, summary) : name;
    if (fileName === null) continue; // written with --images none: there is no file to check
    const file = path.join(dir, fileName);
    if (!existsSync(file) || !statSync(file).isFile() || statSync(file).size === 0) {
      if (manifest) throw new RunDirError(`${file}: missing or empty, but summary.json records ${manifest.rows[name]} rows; the run directory is incomplete`);
      continue; // older directories may leave a file out; the report skips what is not there
    }
    const shape = await csvShape(file);
    if (manifest) {
      if (!headerMatches(name, shape.header)) throw new RunDirError(`${file}: unexpected header ${JSON.stringify(shape.header.slice(0, 80))}; not the file kiosk-sim wrote`);
      if (shape.rows !== manifest.rows[name] || !shape.whole) {
        throw new RunDirError(`${file}: ${shape.rows} data rows${shape.whole ? '' : ' (the last one cut off)'}, but summary.json records ${manifest.rows[name]}; the file is truncated or was altered`);
      }
      continue;
    }
    const columns = shape.header.split(',').map((c) => c.trim());
    const missing = REQUIRED_COLUMNS[name].filter((c) => !columns.includes(c));
    if (missing.length) throw new RunDirError(`${file}: header lacks ${missing.join(', ')} (found ${JSON.stringify(shape.header.slice(0, 80))})`);
    if (!shape.whole) throw new RunDirError(`${file}: the last line is cut off (no final newline); the file is truncated`);
    if (name === 'images.csv' && summary.images && summary.run_dir?.images?.selection !== 'sample' && shape.rows !== summary.images.submitted) {
      throw new RunDirError(`${file}: ${shape.rows} data rows, but summary.json says ${summary.images.submitted} images were submitted; the file is truncated or belongs to another run`);
    }
  }
}

/** Reads and checks summary.json and the CSV files of `dir`; returns the checked summary. */
export async function validateRunDirectory(dir: string): Promise<ReportedSummary> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RunDirError(`${dir}: not a run directory (it does not exist)`);
  const summaryPath = path.join(dir, 'summary.json');
  if (!existsSync(summaryPath)) throw new RunDirError(`${dir}: no summary.json (expected the output of \`kiosk-sim run --out ${dir}\`; a run that was interrupted never writes it)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(summaryPath, 'utf8'));
  } catch (e) {
    throw new RunDirError(`${summaryPath}: not valid JSON (${(e as Error).message})`);
  }
  const summary = validateSummary(summaryPath, data);
  await validateRunFiles(dir, summary);
  return summary;
}
