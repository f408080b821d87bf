import { writeReport } from './reports/index.ts';
let t = performance.now();
const t0 = t;
await writeReport(['/tmp/exp/run1m'], '/tmp/exp/rep1m', { log: (l) => { const n = performance.now(); console.log((n - t).toFixed(0).padStart(6), l); t = n; } });
console.log('total', performance.now() - t0);
