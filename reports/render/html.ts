import { escapeHtml } from '../tables/table.ts';

/** A chart as the page shows it: inline SVG, a caption, and its (aggregated) data for readers who want numbers. */
export interface HtmlChart {
  id: string;
  title: string;
  caption: string;
  svg: string;
  data: unknown;
}

/** A block of the page: a heading, then charts and tables in order. */
export interface HtmlSection {
  id: string;
  heading: string;
  intro?: string;
  items: ({ kind: 'chart'; chart: HtmlChart } | { kind: 'table'; html: string } | { kind: 'note'; text: string })[];
}

const STYLE = `
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; margin-top: 2.5rem; }
nav ul { columns: 2; } figure { margin: 1.5rem 0; overflow-x: auto; } figcaption { color: #555; font-size: .9rem; max-width: 90ch; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; } caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #f4f4f4; } .note { color: #555; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table.answer { font-size: 1rem; } table.answer caption { font-size: 1.15rem; } table.answer td:first-child { font-weight: bold; white-space: nowrap; }
`;

/** Escapes JSON for a <script> block: no "</script>" or "<!--" can appear in it. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * One self-contained page: styles inline, charts as inline SVG, chart data as inline JSON. Nothing is fetched: no
 * script, stylesheet, font or image comes from a URL (the only URLs are the SVG namespace identifiers).
 */
export function renderHtml(title: string, intro: string, sections: readonly HtmlSection[]): string {
  const data: Record<string, unknown> = {};
  const nav = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.heading)}</a></li>`).join('\n');
  const body = sections
    .map((s) => {
      const items = s.items
        .map((it) => {
          if (it.kind === 'table') return `<div class="table-wrap">${it.html}</div>`; // wide tables scroll, the page does not
          if (it.kind === 'note') return `<p class="note">${escapeHtml(it.text)}</p>`;
          data[it.chart.id] = it.chart.data;
          return `<figure id="${escapeHtml(it.chart.id)}" data-chart="${escapeHtml(it.chart.id)}">\n${it.chart.svg}\n<figcaption><strong>${escapeHtml(it.chart.title)}.</strong> ${escapeHtml(it.chart.caption)}</figcaption>\n</figure>`;
        })
        .join('\n');
      return `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.heading)}</h2>\n${s.intro ? `<p>${escapeHtml(s.intro)}</p>\n` : ''}${items}\n</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(intro)}</p>
<nav><ul>
${nav}
</ul></nav>
${body}
<script type="application/json" id="chart-data">${scriptSafeJson(data)}</script>
</body>
</html>
`;
}
