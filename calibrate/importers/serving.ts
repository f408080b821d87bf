/**
 * Timing a live TF-Serving REST predict endpoint (the Kiosk's real server): each batch is one
 * POST /v1/models/NAME:predict with {"instances": [...]}; the time runs from sending the request to
 * having parsed the whole response, as a client sees it. Request bodies are built before the clock starts.
 */
import seedrandom from 'seedrandom';
import { UserError } from '../../sim/cli/errors.ts';
import type { BatchTimer } from '../measure.ts';

export function predictUrl(baseUrl: string, model: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(model)}:predict`;
}

/** Row-format body of `batchSize` random tiles (values rounded to 3 decimals to keep it small). */
export function predictBody(batchSize: number, height: number, width: number, channels: number, random: () => number): string {
  const tile = () => Array.from({ length: height }, () =>
    Array.from({ length: width }, () => Array.from({ length: channels }, () => Math.round(random() * 1000) / 1000)));
  return JSON.stringify({ instances: Array.from({ length: batchSize }, tile) });
}

async function failure(res: Response): Promise<string> {
  const text = await res.text();
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text.slice(0, 200);
  }
}

/** Fails early with one clear message when the server or model is not there. */
export async function checkServing(baseUrl: string, model: string): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/models/${encodeURIComponent(model)}`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new UserError(`cannot reach TF-Serving at ${url}: ${(e as Error).cause ?? (e as Error).message}`);
  }
  if (!res.ok) throw new UserError(`TF-Serving at ${url} answered ${res.status}: ${await failure(res)}`);
}

export function servingTimer(baseUrl: string, model: string, channels: number, seed = 1): BatchTimer {
  const url = predictUrl(baseUrl, model);
  const random = seedrandom.alea(`serving-${seed}`);
  return async (batchSize, tileHeight, tileWidth) => {
    const body = predictBody(batchSize, tileHeight, tileWidth, channels, random);
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (!res.ok) throw new UserError(`TF-Serving predict at ${url} answered ${res.status}: ${await failure(res)}`);
    const json = (await res.json()) as { predictions?: unknown[] };
    const seconds = (performance.now() - start) / 1000;
    if (!Array.isArray(json.predictions) || json.predictions.length !== batchSize) {
      throw new UserError(`TF-Serving predict at ${url} returned ${json.predictions?.length ?? 'no'} predictions for ${batchSize} instances`);
    }
    return seconds;
  };
}
