/**
 * kiosk-sim's exit codes, one meaning each, so scripts and CI can branch on them:
 * 0 the run completed (and met every --fail-if threshold); 1 an internal error (a bug: please report it);
 * 2 a mistake in the input (scenario, option, output directory), nothing run or written;
 * 3 the run finished writing its results but did not complete (time limit, event cap, stalled) or crossed a
 *   --fail-if threshold, as k6 does for its thresholds.
 */
export const EXIT = { ok: 0, internal: 1, usage: 2, notMet: 3 } as const;

export const EXIT_CODES_HELP =
  'Exit codes: 0 completed (and every --fail-if met), 1 internal error, 2 bad input (nothing run or written), ' +
  '3 the run did not complete or crossed a --fail-if threshold (results are still written).';

/** Thrown after all output is written: the run did not complete or crossed a threshold. `lines` say which. */
export class RunNotMet extends Error {
  readonly exitCode = EXIT.notMet;
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'RunNotMet';
  }
}

export const isRunNotMet = (e: unknown): e is RunNotMet => e instanceof Error && e.name === 'RunNotMet';
