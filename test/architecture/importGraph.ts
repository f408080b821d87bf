import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's own import graph, read from the source text: every `import ... from`, `export ... from`,
 * side-effect `import '...'` and dynamic `import('...')` with a relative specifier. Type-only imports
 * count too: a reader has to follow them just the same. Packages (bare specifiers) are left out.
 */
export type ImportGraph = Map<string, string[]>;

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative import specifiers of one source text, comments removed first. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) out.push(spec);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The graph of the files under `dirs` (paths relative to `root`, '/' separated). */
export function readImportGraph(root: string, dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const d of dirs) {
    for (const file of sourceFiles(path.join(root, d))) {
      const from = path.relative(root, file).split(path.sep).join('/');
      const targets = importSpecifiers(readFileSync(file, 'utf8')).map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(from), s)));
      graph.set(from, [...new Set(targets)].sort());
    }
  }
  return graph;
}

/**
 * The import circles: strongly connected components with more than one file, or a file importing
 * itself (Tarjan's algorithm, iterative so deep chains do not overflow the stack). Each circle is
 * returned sorted, the list sorted by its first file.
 */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = (graph.get(top.node) ?? []).filter((t) => graph.has(t));
      if (top.edge < edges.length) {
        const to = edges[top.edge++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        const selfLoop = component.length === 1 && (graph.get(n) ?? []).includes(n);
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** Layers of sim/, lowest first: a file may import its own layer or a lower one, never a higher one. */
export const LAYERS: { name: string; prefixes: string[] }[] = [
  { name: 'engine', prefixes: ['sim/engine/'] },
  { name: 'model', prefixes: ['sim/model/'] },
  { name: 'scenario, results', prefixes: ['sim/scenario/', 'sim/results/'] },
  { name: 'cli', prefixes: ['sim/cli/'] },
];

function layerOf(file: string): number {
  return LAYERS.findIndex((l) => l.prefixes.some((p) => file.startsWith(p)));
}

/** Imports that point up the layers (engine <- model <- (scenario, results) <- cli), as "from -> to". */
export function upwardImports(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const lf = layerOf(from);
    if (lf < 0) continue;
    for (const to of targets) {
      const lt = layerOf(to);
      if (lt > lf) out.push(`${from} -> ${to}`);
    }
  }
  return out.sort();
}
