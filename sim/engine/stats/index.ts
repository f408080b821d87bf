export { Tally } from './tally.ts';
export { TimeWeighted } from './timeWeighted.ts';
export { Samples, quantileSorted, quantileSummarySorted, quantileSummaryInPlace, quantileInPlace, type QuantileSummary } from './quantiles.ts';
export { ExactSum, exactSum } from './exactSum.ts';
export { orderStatistics, selectInPlace } from './select.ts';
export { sortedCopy, sortInPlace } from './sortFloat64.ts';
export { TimeSeries, sampleEvery } from './timeSeries.ts';
export { summarize, tHalfWidth, batchMeans, type Stat } from './replications.ts';
