import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * uPlot's browser build and stylesheet, inlined into every report (the page must work offline).
 * They are read from the installed `uplot` package when a report is first rendered, found by
 * Node's own resolution from this file: that works from `src/` (tests), from `dist/src/` (the
 * CLI) and when Faultline is installed as a dependency with `uplot` hoisted beside it, with no
 * copy step in the build. `uplot` is therefore a runtime dependency.
 */
export interface ChartAssets {
  /** uPlot's IIFE build: defines the global `uPlot`. */
  script: string;
  stylesheet: string;
  /** For the page's footer and for debugging: which uPlot is inside. */
  version: string;
}

const require = createRequire(import.meta.url);
let cached: ChartAssets | undefined;

export function chartAssets(): ChartAssets {
  cached ??= {
    // The source map comment would name a file the report does not carry.
    script: read('uplot/dist/uPlot.iife.min.js').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, ''),
    stylesheet: read('uplot/dist/uPlot.min.css'),
    version: (JSON.parse(read('uplot/package.json')) as { version: string }).version,
  };
  return cached;
}

function read(specifier: string): string {
  return readFileSync(require.resolve(specifier), 'utf8');
}
