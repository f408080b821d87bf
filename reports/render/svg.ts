import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import { installTextMetrics } from './text-metrics.ts';

/** A compiled chart: the vega spec and the warnings vega-lite raised while compiling it. */
export interface Compiled {
  spec: ReturnType<typeof compile>['spec'];
  warnings: string[];
}

/** Compiles a vega-lite spec to a vega spec (throws on an invalid spec); warnings are collected, not printed. */
export function toVega(spec: TopLevelSpec): Compiled {
  const warnings: string[] = [];
  const logger = {
    level(_?: number) {
      return logger as never;
    },
    error(...args: unknown[]): never {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger as never;
    },
    info() {
      return logger as never;
    },
    debug() {
      return logger as never;
    },
  };
  return { spec: compile(spec, { logger: logger as never }).spec, warnings };
}

/**
 * Renders a vega-lite spec headless (vega View with renderer 'none') to an SVG string. No loader is needed:
 * every chart carries its data inline, so rendering never touches the file system or the network.
 */
export async function specToSvg(spec: TopLevelSpec): Promise<string> {
  installTextMetrics();
  const view = new View(parse(toVega(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
