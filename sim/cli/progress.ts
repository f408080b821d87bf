import cliProgress from 'cli-progress';

/** A progress bar on stderr when it is a terminal; silent otherwise. */
export function progressBar(label: string): { update(fraction: number): void; stop(): void } | null {
  if (!process.stderr.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {duration_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0);
  return {
    update: (f) => bar.update(Math.round(Math.min(1, f) * 1000)),
    stop: () => bar.stop(),
  };
}
