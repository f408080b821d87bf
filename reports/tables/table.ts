/** A small table that renders to Markdown, CSV and HTML alike. Cells are preformatted strings or raw numbers. */
export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

/** Human formatting: up to `digits` decimals (fewer for large values), thousands separators, "–" for missing. */
export function fmt(x: number | undefined, digits = 2): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const d = Math.abs(x) >= 1000 ? 0 : Math.abs(x) >= 100 ? Math.min(digits, 1) : digits;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 }).format(x);
}

const cell = (v: string | number) => (typeof v === 'number' ? fmt(v) : v);

export function toMarkdown(t: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const head = `| ${t.columns.map(esc).join(' | ')} |`;
  const rule = `| ${t.columns.map(() => '---').join(' | ')} |`;
  const body = t.rows.map((r) => `| ${r.map((v) => esc(cell(v))).join(' | ')} |`);
  return [`### ${t.title}`, '', head, rule, ...body, ''].join('\n');
}

/** CSV with raw numbers (full precision) and RFC 4180 quoting where needed. */
export function toCsv(t: Table): string {
  const q = (v: string | number) => {
    const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns.map(q).join(','), ...t.rows.map((r) => r.map(q).join(','))].join('\n') + '\n';
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** An HTML table; `className` styles a special one (the answer block). */
export function toHtml(t: Table, className?: string): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((v) => `<td${typeof v === 'number' ? ' class="num"' : ''}>${escapeHtml(cell(v))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table${className ? ` class="${escapeHtml(className)}"` : ''}><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
