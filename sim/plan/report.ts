/** A self-contained HTML page: the answer, the Pareto front and every candidate with its status and reason. */
import type { PlanAnswer } from './answer.ts';
import { planText } from './text.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function csvRows(csv: string): string[][] {
  const rows: string[][] = [];
  for (const line of csv.trimEnd().split('\n')) {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (q) { if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch; }
      else if (ch === '"') q = true;
      else if (ch === ',') { cells.push(cur); cur = ''; }
      else cur += ch;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

export function reportHtml(a: PlanAnswer, csv: string, chartSvg?: string): string {
  const [head, ...rows] = csvRows(csv);
  const table = `<table><thead><tr>${head!.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>plan ${esc(a.plan)}</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body><h1>plan ${esc(a.plan)}</h1><pre>${esc(planText(a))}</pre>${chartSvg ?? ''}<h2>Candidates</h2>${table}</body></html>\n`;
}
