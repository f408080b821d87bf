export { Tally } from './tally.ts';
export { TimeWeighted } from './timeWeighted.ts';
export { Samples, quantileSorted, quantileSummarySorted, type QuantileSummary } from './quantiles.ts';
export { sortedCopy, sortInPlace } from './sortFloat64.ts';
export { TimeSeries, sampleEvery } from './timeSeries.ts';
export { summarize, tHalfWidth, batchMeans, type Stat } from './replications.ts';
