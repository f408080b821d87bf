/**
 * yargs 18 renders a command's whole help text each time the command runs (command.js calls
 * `cacheHelpMessage` after starting the handler), in case the handler later calls `showHelp`. None of
 * ours does (`--help` and yargs' own usage errors render it themselves), and the render, word-wrapping
 * every option, was ~35 ms of a `run` (a `--cpu-prof` of the headline: `cacheHelpMessage` 33.8 ms). The
 * hook is yargs' internal one: where it is missing, nothing changes.
 */
export function skipHelpCache(cli: unknown): void {
  type Internal = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (cli as Internal).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
