/**
 * Cleaning up after an interrupted write. Only the asynchronous phase (writing files) listens for signals:
 * the simulation itself is synchronous, so a listener there would only delay Ctrl-C until it ended, and it
 * has nothing on disk to clean up anyway.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const EXIT_CODE: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Runs `work`; if a signal arrives meanwhile, runs `cleanup`, says so on stderr and exits 128 + signal number. */
export async function withCleanupOnSignal<T>(cleanup: () => string, work: () => Promise<T>): Promise<T> {
  const handler = (signal: (typeof SIGNALS)[number]) => {
    remove();
    let what: string;
    try {
      what = cleanup();
    } catch (e) {
      what = `could not clean up: ${(e as Error).message}`;
    }
    process.stderr.write(`kiosk-sim: interrupted by ${signal} while writing; ${what}\n`);
    process.exit(EXIT_CODE[signal]);
  };
  const remove = () => {
    for (const s of SIGNALS) process.off(s, handler);
  };
  for (const s of SIGNALS) process.on(s, handler);
  try {
    return await work();
  } finally {
    remove();
  }
}
