import { createWriteStream, mkdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { finished as streamFinished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { isUserError, UserError } from '../scenario/userError.ts';
import type { ReplicationResult } from './runResult.ts';
import type { RunSummary } from './summary.ts';
import { consoleTable } from './table.ts';
import { checkRunTarget } from './outputTarget.ts';
import { MARKER_FILE, readMarker, RUN_DIR_FORMAT, RUN_DIR_VERSION, writeMarker } from './runDirMarker.ts';
import { withCleanupOnSignal } from './interrupt.ts';
import { replaceDirectory } from './replaceDirectory.ts';
import { micros } from './micros.ts';
import { CsvBytes } from './csvBytes.ts';
import { imagesManifest, sampleStride, type ImageFileName, type ImageSelection, type ImagesManifest } from './imageSelection.ts';

export const IMAGE_COLUMNS = 'replication,image,zip,arrival_s,queue_wait_s,download_s,preprocess_s,serving_s,postprocess_s,upload_s,total_s,finish_s,retries,attempts';
export const EVENT_COLUMNS = 'replication,t_s,kind,target,detail';
/**
 * The CSV tables of a run directory; summary.json records the data rows of each so a reader can tell a truncated
 * one. The images table is in run_dir.images.file (images.csv, images.csv.gz, or none: see imageSelection.ts);
 * its row count stays under rows["images.csv"].
 */
export const CSV_FILES = ['images.csv', 'timeseries.csv', 'events.csv'] as const;

/** What summary.json adds to the run summary: the marker, the data rows of each CSV table, the images kept. */
export interface RunDirManifest {
  format: typeof RUN_DIR_FORMAT;
  version: number;
  rows: Record<(typeof CSV_FILES)[number], number>;
  images: ImagesManifest;
}

/** The top-level files of a run directory, as the marker lists them. */
const runFiles = (imagesFile: ImageFileName | null) =>
  ['scenario.json', 'summary.txt', ...(imagesFile ? [imagesFile] : []), 'timeseries.csv', 'events.csv', MARKER_FILE, 'summary.json'];

const fmt = micros;

export interface WriteOptions {
  /** Replace an existing kiosk-sim run directory (never anything else). */
  force?: boolean;
  /** Opens a file for streaming; tests inject one that fails like a full disk. */
  openFile?: (file: string) => Writable;
  /** Which per-image rows to keep (default all). */
  images?: ImageSelection;
  /** images.csv, or images.csv.gz for a gzip-compressed one (default images.csv). */
  imagesFile?: ImageFileName;
}

/** A gzip stream into `file`: an error of the file reaches the gzip stream, which the writer watches. */
function gzipInto(file: Writable): { out: Writable; closed: Promise<void> } {
  const gz = createGzip({ level: 6 });
  file.on('error', (e) => gz.destroy(e));
  gz.pipe(file);
  const closed = streamFinished(file);
  closed.catch(() => {});
  return { out: gz, closed };
}

/** Some rows of a table, as text or bytes (each row ends with a newline), and how many. */
interface Block {
  data: string | Uint8Array;
  rows: number;
}

/** Writes `header` and the blocks produced by `blocks`, waiting for the stream to drain; returns the data rows. */
async function writeBlocks(out: Writable, header: string, blocks: () => Iterable<Block>): Promise<number> {
  let failure: Error | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', (e) => {
      failure = e;
      reject(e);
    });
  });
  finished.catch(() => {}); // observed below; a write error must not also surface as an unhandled rejection
  let n = 0;
  const send = async (data: string | Uint8Array) => {
    if (failure) throw failure;
    // an error while waiting ends the wait too (a full disk must not hang the run)
    if (!out.write(data)) await Promise.race([once(out, 'drain'), finished]);
  };
  await send(header + '\n');
  for (const block of blocks()) {
    await send(block.data);
    n += block.rows;
  }
  if (failure) throw failure;
  out.end();
  await finished;
  return n;
}

/** The lines produced by `rows` in blocks of 20,000. */
function* lineBlocks(rows: () => Iterable<string>): Iterable<Block> {
  let buf: string[] = [];
  for (const line of rows()) {
    buf.push(line);
    if (buf.length >= 20000) {
      yield { data: buf.join('\n') + '\n', rows: buf.length };
      buf = [];
    }
  }
  if (buf.length > 0) yield { data: buf.join('\n') + '\n', rows: buf.length };
}

/** Writes `header` and the lines produced by `rows`, in blocks, waiting for the stream to drain; returns the data rows. */
const writeLines = (out: Writable, header: string, rows: () => Iterable<string>): Promise<number> => writeBlocks(out, header, () => lineBlocks(rows));

/** images.csv's rows (every `stride`-th image of each replication) as blocks of about a megabyte of bytes. */
function* imageBlocks(reps: readonly ReplicationResult[], stride: number): Iterable<Block> {
  const b = new CsvBytes(BLOCK_BYTES + ROW_BYTES); // a block and one more row: never grows
  let rows = 0;
  for (const [k, r] of reps.entries()) {
    const rec = r.record;
    for (let i = 0; i < rec.count; i += stride) {
      b.reserve(ROW_BYTES);
      const enq = rec.enqueued[i]!;
      b.number(k); b.comma();
      b.number(i); b.comma();
      b.number(rec.zip[i]!); b.comma();
      b.micros(enq); b.comma();
      b.micros(rec.popped[i]! - enq); b.comma();
      b.micros(rec.download[i]!); b.comma();
      b.micros(rec.preprocess[i]!); b.comma();
      b.micros(rec.serving[i]!); b.comma();
      b.micros(rec.postprocess[i]!); b.comma();
      b.micros(rec.upload[i]!); b.comma();
      b.micros(rec.finished[i]! - enq); b.comma();
      b.micros(rec.finished[i]!); b.comma();
      b.number(rec.retries[i]!); b.comma();
      b.number(rec.attempts[i]!);
      b.newline();
      rows++;
      if (b.length >= BLOCK_BYTES) {
        yield { data: b.take(), rows };
        rows = 0;
      }
    }
  }
  if (rows > 0) yield { data: b.take(), rows };
}

/** One images.csv row's most bytes: 14 fields of at most 24 characters (String of a double), 14 separators. */
const ROW_BYTES = 14 * 25;
const BLOCK_BYTES = 1 << 20;

/** Writes every file of a run directory into `dir` (a new, empty folder); summary.json last. */
async function writeContents(
  dir: string, summary: RunSummary, reps: ReplicationResult[], resolvedScenario: unknown, open: (file: string) => Writable,
  selection: ImageSelection, imagesFile: ImageFileName,
): Promise<void> {
  writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify(resolvedScenario, null, 2) + '\n');
  writeFileSync(path.join(dir, 'summary.txt'), consoleTable(summary) + '\n');
  const submitted = reps.reduce((s, r) => s + r.record.count, 0);
  const manifest = imagesManifest(selection, imagesFile, submitted);
  const stride = sampleStride(selection, submitted);
  let images = 0;
  if (manifest.file !== null) {
    const file = open(path.join(dir, manifest.file));
    const target = manifest.file.endsWith('.gz') ? gzipInto(file) : { out: file, closed: Promise.resolve() };
    images = await writeBlocks(target.out, IMAGE_COLUMNS, () => imageBlocks(reps, stride));
    await target.closed;
  }
  const names = [...new Set(reps.flatMap((r) => [...r.timeseries.columns.keys()]))];
  const timeseries = await writeLines(open(path.join(dir, 'timeseries.csv')), ['replication', 't_s', ...names].join(','), function* () {
    for (const [k, r] of reps.entries()) {
      const ts = r.timeseries;
      const cols = names.map((n) => ts.columns.get(n));
      for (let j = 0; j < ts.times.length; j++) yield [k, fmt(ts.times[j]!), ...cols.map((c) => (c ? fmt(c[j]!) : ''))].join(',');
    }
  });
  const events = await writeLines(open(path.join(dir, 'events.csv')), EVENT_COLUMNS, function* () {
    for (const [k, r] of reps.entries()) {
      for (const e of r.events) yield `${k},${fmt(e.t)},${e.kind},${e.target},"${e.detail.replace(/"/g, '""')}"`;
    }
  });
  writeMarker(dir, runFiles(manifest.file));
  // last: a directory with summary.json is complete, and says how many rows each CSV file must have
  const run_dir: RunDirManifest = {
    format: RUN_DIR_FORMAT, version: RUN_DIR_VERSION,
    rows: { 'images.csv': images, 'timeseries.csv': timeseries, 'events.csv': events },
    images: manifest,
  };
  writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ ...summary, run_dir }, null, 2) + '\n');
}

const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'a directory is in the way',
  EEXIST: 'something appeared at the path meanwhile',
  ENOTEMPTY: 'something appeared at the path meanwhile',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'an input/output error',
  EMFILE: 'too many open files',
};

/** A file-system failure while writing output is about the user's --out, not a bug: one message naming the path. */
function outputError(e: unknown, dir: string): unknown {
  if (isUserError(e)) return e;
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return e;
  const what = ERRNO_TEXT[err.code] ?? err.message;
  return new UserError(`--out ${dir}: cannot write the run directory: ${what} (${err.code}${err.path ? ` at ${err.path}` : ''}); nothing was left behind`);
}

/** Removes the directories `mkdir -p` created for us (deepest first), as long as they are empty. */
function removeCreatedParents(firstCreated: string | undefined, parent: string): void {
  if (!firstCreated) return;
  for (let p = parent; p.length >= firstCreated.length; p = path.dirname(p)) {
    try {
      rmdirSync(p);
    } catch {
      return;
    }
    if (p === firstCreated) return;
  }
}

/** Moves the finished temporary directory into place; an earlier run there is removed only once the new one is in. */
function swapIntoPlace(tmp: string, abs: string, dir: string, force: boolean): void {
  const state = checkRunTarget(dir, force); // again: the disk may have changed during the simulation
  if (state !== 'run') {
    // rename replaces an empty directory and fails on a non-empty one or a file: nothing can be lost
    renameSync(tmp, abs);
    return;
  }
  const marker = readMarker(abs)!;
  const old = path.join(path.dirname(abs), `.${path.basename(abs)}.kiosk-sim-old-${process.pid}`);
  replaceDirectory(tmp, abs, old, (aside) => {
    for (const entry of marker.entries) rmSync(path.join(aside, entry), { recursive: true, force: true });
    try {
      rmdirSync(aside);
    } catch {
      process.stderr.write(`kiosk-sim: the earlier run was kept in ${aside} (it holds files kiosk-sim did not write)\n`);
    }
  });
}

/**
 * Writes a run directory: scenario.json, summary.txt, images.csv, timeseries.csv, events.csv, the
 * .kiosk-sim-run marker and, last, summary.json. Everything goes to a hidden sibling folder first and is
 * renamed into place when complete, so a failed or interrupted run leaves nothing partial, and an earlier
 * run in `dir` (replaced only with `force`) is deleted only after the new one is in place.
 */
export async function writeRunDirectory(dir: string, summary: RunSummary, reps: ReplicationResult[], resolvedScenario: unknown, opts: WriteOptions = {}): Promise<string[]> {
  const force = opts.force ?? false;
  const open = opts.openFile ?? ((file: string) => createWriteStream(file));
  checkRunTarget(dir, force);
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  const tmp = path.join(parent, `.${path.basename(abs)}.kiosk-sim-partial-${process.pid}`);
  let created: string | undefined;
  let tmpMade = false;
  const cleanup = () => {
    if (tmpMade) rmSync(tmp, { recursive: true, force: true });
    removeCreatedParents(created, parent);
    return `removed the partial output for ${dir}`;
  };
  await withCleanupOnSignal(cleanup, async () => {
    try {
      created = mkdirSync(parent, { recursive: true });
      mkdirSync(tmp);
      tmpMade = true;
      await writeContents(tmp, summary, reps, resolvedScenario, open, opts.images ?? { mode: 'all' }, opts.imagesFile ?? 'images.csv');
      swapIntoPlace(tmp, abs, dir, force);
      tmpMade = false;
    } catch (e) {
      cleanup();
      throw outputError(e, dir);
    }
  });
  const images = opts.images?.mode === 'none' ? [] : [opts.imagesFile ?? 'images.csv'];
  return ['summary.json', 'scenario.json', 'summary.txt', ...images, 'timeseries.csv', 'events.csv'].map((f) => path.join(dir, f));
}
