/**
 * Defaults of arrival parameters that belong to one kind only (the merged `workload.arrival` may hold
 * only its own kind's parameters, so they cannot sit in defaults.ts with the paced default).
 */
export const ARRIVAL_DEFAULTS = {
  // assumption: one zip uploaded at a time, as a sequential client script would (upload kind).
  concurrency: 1,
  // each poisson/deterministic/trace arrival is one image unless the scenario says zip; the
  // textbook queues (M/M/1, M/M/c, M/D/1) are defined per image.
  unit: 'image' as 'image' | 'zip',
};
