import { chartAssets } from './assets.js';
import { renderReportPage, type HtmlReportInput } from './page.js';

export type { HtmlReportInput } from './page.js';

/**
 * The post-mortem as one self-contained HTML file (`faultline postmortem <journal> --format html`):
 * a header with the verdict, charts of request rate, error ratio, latency and error budget with the
 * fault windows and alerts drawn on them (each with a data table), then the post-mortem's Markdown.
 * Nothing in it loads from the network; uPlot's files are read from the installed package
 * (assets.ts) and inlined.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  return renderReportPage(input, chartAssets());
}
