import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/postmortem/html/report.js';
import type { JournalEvent } from '../../../src/runner/journal/events.js';
import { readJournal } from '../../../src/runner/journal/reader.js';
import { optionalBinary } from '../../helpers/binaries.js';

/**
 * The report as a reader sees it: rendered from a real run's journal (payments-outage at --speed 5,
 * tests/fixtures/html/), opened from a file:// URL in headless Chromium with every other request
 * blocked and recorded. The charts must draw (uPlot instances with their series, canvases with
 * pixels, the fault band and alert lanes where the journal puts them), nothing may reach for the
 * network, no script may fail or be refused by the page's policy, and journal or Markdown text
 * must never run. A full-page screenshot is kept as CI's artefact: artifacts/report.png.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = join(ROOT, 'tests/fixtures/html/payments-outage.journal.jsonl');
const SCREENSHOT = join(ROOT, 'artifacts/report.png');
const CHROMIUM = optionalBinary('chromium', 'apt-get install chromium');

const MARKDOWN = `# Payments outage

## Summary

Payments was unreachable from orders for two seconds; order requests failed and both availability
SLOs paged. See the [runbook](https://runbooks.example.org/payments).

## Timeline

| time (UTC) | what |
| --- | --- |
| 02:48:11 | \`payments-down\` injected |
| 02:48:12 | page alert for **gateway-order-availability** |

## Action items

- [ ] Add a fallback for payments in orders.
`;

const HOSTILE = `<img src="https://tracker.example.org/x.png" onerror="window.__pwned = 'img'">`;
const HOSTILE_MARKDOWN = `# Notes ${HOSTILE}

<script>window.__pwned = 'script'</script>

<iframe src="https://example.org/"></iframe>

[open](javascript:window.__pwned='link') ![graph](https://example.org/graph.png) <style>@import url(https://example.org/x.css);</style>
`;

const events = readJournal(FIXTURE).events;

/**
 * What the page's globals look like, for the callbacks run inside Chromium (the project compiles
 * without DOM types; a cast to this is erased before the callback is sent to the page).
 */
interface ChartReport {
  id: string;
  series: number;
  points: number;
  cssWidth: number;
  plotBox: { left: number; top: number; width: number; height: number };
  faultBands: { x0: number; x1: number }[];
  alertBars: number;
}
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, width: number, height: number): { width: number; height: number; data: Uint8ClampedArray } } | null;
}
interface PageGlobals {
  faultlineReport: { charts: ChartReport[] };
  __pwned?: string;
  devicePixelRatio: number;
  document: { documentElement: { scrollWidth: number }; querySelector(selector: string): PageCanvas | null };
}

describe('the HTML report from the built package', () => {
  it('renders from dist/ the same bytes as from src/, finding uPlot from there', () => {
    const script = [
      `const { renderHtmlReport } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/postmortem/html/report.js')).href)});`,
      `const { readJournal } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/src/runner/journal/reader.js')).href)});`,
      `process.stdout.write(renderHtmlReport({ title: 'T', markdown: 'M', events: readJournal(${JSON.stringify(FIXTURE)}).events }));`,
    ].join('\n');
    const built = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(built.stderr).toBe('');
    expect(built.stdout).toBe(renderHtmlReport({ title: 'T', markdown: 'M', events }));
  });
});

describe.skipIf(CHROMIUM.skip)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'faultline-html-'));
    browser = await chromium.launch({ executablePath: CHROMIUM.path, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** Open a report as a file, blocking (and recording) every request that is not for a file. */
  async function open(name: string, input: { title: string; markdown: string; events: readonly JournalEvent[] }, width = 1200) {
    const file = join(folder, `${name}.html`);
    writeFileSync(file, renderHtmlReport(input));
    const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    const blocked: string[] = [];
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith('file:')) return route.continue();
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) blocked.push(request.url());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-charts]', { state: 'attached', timeout: 10_000 });
    return { page, blocked, problems, close: () => context.close() };
  }

  it('draws every chart offline, with fault windows and alerts, and keeps a screenshot', async () => {
    const started = performance.now();
    const { page, blocked, problems, close } = await open('report', { title: 'Payments outage — post-mortem', markdown: MARKDOWN, events });
    try {
      expect(await page.getAttribute('html', 'data-charts')).toBe('ready');
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);

      // uPlot's own account: four charts over the journal's samples and snapshots.
      const charts = await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).faultlineReport.charts.map((chart) => ({
          id: chart.id,
          series: chart.series,
          points: chart.points,
          faultBands: chart.faultBands.length,
          alertBars: chart.alertBars,
        })),
      );
      const samples = events.filter((event) => event.type === 'load_sample').length;
      const snapshots = events.filter((event) => event.type === 'slo_snapshot').length;
      const first = events[0];
      const slos = first?.type === 'run_started' ? first.slos.length : 0;
      const faults = events.filter((event) => event.type === 'fault_injected').length;
      const alerts = events.filter((event) => event.type === 'alert' && event.status === 'firing').length;
      expect(faults).toBeGreaterThan(0);
      expect(alerts).toBeGreaterThan(0);
      expect(charts).toEqual([
        { id: 'chart-requests', series: 3, points: samples, faultBands: faults, alertBars: alerts },
        { id: 'chart-errors', series: 1, points: samples, faultBands: faults, alertBars: alerts },
        { id: 'chart-latency', series: 2, points: samples, faultBands: faults, alertBars: alerts },
        { id: 'chart-budget', series: slos, points: snapshots, faultBands: faults, alertBars: alerts },
      ]);

      // The pixels: every canvas drawn, the fault band filled in red, the page lane in orange.
      const pixels = await chartPixels(page);
      for (const chart of pixels) {
        expect(chart.canvas.width, chart.id).toBeGreaterThan(600);
        expect(chart.canvas.height, chart.id).toBeGreaterThan(150);
        expect(chart.painted, `${chart.id}: share of painted pixels`).toBeGreaterThan(0.05);
        expect(chart.colours, `${chart.id}: distinct colours`).toBeGreaterThan(8);
        expect(chart.bandColumn.painted, `${chart.id}: the fault band is filled`).toBeGreaterThan(0.9);
        expect(chart.bandColumn.reddish, `${chart.id}: the fault band is red`).toBeGreaterThan(0.6);
        expect(chart.beforeBandColumn.painted, `${chart.id}: before the fault nothing is shaded`).toBeLessThan(0.3);
        // #c2410c at 90 % opacity over a transparent canvas reads back as the colour itself.
        expect(chart.pageLane.opaque, `${chart.id}: the page alert's lane`).toBe(true);
        expect(Math.abs(chart.pageLane.r - 0xc2) + Math.abs(chart.pageLane.g - 0x41) + Math.abs(chart.pageLane.b - 0x0c), `${chart.id}: the page lane is orange`).toBeLessThan(24);
      }

      // Text alternatives and the numbers for those who cannot see the canvas.
      const figures = await page.$$eval('figure.chart-figure', (list) =>
        list.map((figure) => ({
          caption: figure.querySelector('figcaption h3')?.textContent,
          label: figure.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '',
          rows: figure.querySelectorAll('details.data tbody tr').length,
        })),
      );
      expect(figures.map((figure) => figure.caption)).toEqual(['Request rate', 'Error ratio', 'Latency', 'Error budget remaining']);
      expect(figures.map((figure) => figure.rows)).toEqual([samples, samples, samples, snapshots]);
      for (const figure of figures) expect(figure.label).toMatch(/UTC\. .*1 fault window shaded \(payments-down /);
      expect(await page.textContent('.verdict-badge')).toBe('deviated');
      expect(await page.locator('article.postmortem h2').allTextContents()).toEqual(['Summary', 'Timeline', 'Action items']);

      mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      console.log(`HTML report screenshot: ${SCREENSHOT} (rendered, opened and checked in ${Math.round(performance.now() - started)} ms)`);
    } finally {
      await close();
    }
  });

  it('follows the width of the window, and prints without the interactive parts', async () => {
    const { page, problems, close } = await open('narrow', { title: 'Narrow', markdown: MARKDOWN, events }, 1200);
    try {
      const widths = () => page.evaluate(() => (globalThis as unknown as PageGlobals).faultlineReport.charts.map((chart) => chart.cssWidth));
      const wide = await widths();
      await page.setViewportSize({ width: 420, height: 800 });
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).faultlineReport.charts.every((chart) => chart.cssWidth <= 420));
      const narrow = await widths();
      for (const [index, width] of narrow.entries()) {
        expect(width).toBeGreaterThan(300);
        expect(width).toBeLessThan(wide[index]!);
      }
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('details.data').first().isVisible()).toBe(false);
      expect(await page.locator('.chart canvas').first().isVisible()).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('runs nothing that the journal or the Markdown says, and requests nothing', async () => {
    const hostile = events.map((event): JournalEvent => {
      if (event.type === 'run_started') return { ...event, experiment: { ...event.experiment, title: HOSTILE } };
      if (event.type === 'fault_injected' || event.type === 'fault_removed') return { ...event, faultId: HOSTILE };
      if (event.type === 'alert') return { ...event, alertname: HOSTILE };
      if (event.type === 'slo_snapshot') return { ...event, slos: event.slos.map((slo, index) => (index === 0 ? { ...slo, id: HOSTILE } : slo)) };
      if (event.type === 'verdict') return { ...event, reasons: [HOSTILE, ...event.reasons] };
      return event;
    });
    const { page, blocked, problems, close } = await open('hostile', { title: HOSTILE, markdown: HOSTILE_MARKDOWN, events: hostile });
    try {
      expect(await page.getAttribute('html', 'data-charts')).toBe('ready');
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned)).toBeUndefined();
      expect(await page.locator('img, iframe, link, object, embed').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(3);
      expect(await page.locator('[onerror]').count()).toBe(0);
      expect(await page.locator('a[href^="javascript" i]').count()).toBe(0);
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      // The strings are still there, as text: in the title, the fault table, the uPlot legend.
      expect(await page.title()).toBe(HOSTILE);
      expect(await page.locator('table.windows').textContent()).toContain(HOSTILE);
      expect(await page.locator('#chart-budget .u-legend').textContent()).toContain(HOSTILE);
    } finally {
      await close();
    }
  });
});

interface ChartPixels {
  id: string;
  canvas: { width: number; height: number };
  painted: number;
  colours: number;
  bandColumn: { painted: number; reddish: number };
  beforeBandColumn: { painted: number };
  pageLane: { r: number; g: number; b: number; opaque: boolean };
}

/**
 * Reads each chart's canvas back: the share of painted pixels and of distinct colours, a column
 * through the middle of the first fault band and one just inside the plot before it (lower 60 %,
 * below the alert lanes), and the colour in the page alert's lane at the band's right edge.
 */
function chartPixels(page: Page): Promise<ChartPixels[]> {
  return page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals;
    return globals.faultlineReport.charts.map((chart) => {
      const canvas = globals.document.querySelector(`#${chart.id} canvas`)!;
      const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const at = (x: number, y: number) => {
        const i = (Math.round(y) * image.width + Math.round(x)) * 4;
        return { r: image.data[i]!, g: image.data[i + 1]!, b: image.data[i + 2]!, a: image.data[i + 3]! };
      };
      let painted = 0;
      const colours = new Set<number>();
      for (let i = 0; i < image.data.length; i += 4) {
        if (image.data[i + 3]! === 0) continue;
        painted++;
        colours.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
      }
      const box = chart.plotBox;
      const column = (x: number) => {
        let filled = 0;
        let reddish = 0;
        let count = 0;
        for (let y = box.top + box.height * 0.4; y < box.top + box.height - 1; y++) {
          const pixel = at(x, y);
          count++;
          if (pixel.a > 0) filled++;
          if (pixel.a > 0 && pixel.r > pixel.g && pixel.r > pixel.b) reddish++;
        }
        return { painted: filled / count, reddish: reddish / count };
      };
      const band = chart.faultBands[0]!;
      const lane = at(Math.min(band.x1 + 3, box.left + box.width - 2), box.top + 3 * globals.devicePixelRatio + 2);
      return {
        id: chart.id,
        canvas: { width: canvas.width, height: canvas.height },
        painted: painted / (image.width * image.height),
        colours: colours.size,
        bandColumn: column(Math.round((band.x0 + band.x1) / 2)),
        beforeBandColumn: { painted: column(Math.round(box.left + 3)).painted },
        pageLane: { r: lane.r, g: lane.g, b: lane.b, opaque: lane.a > 200 },
      };
    });
  });
}
