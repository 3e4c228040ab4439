import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../../src/core/event-log.js';
import { optionalBinary } from '../../helpers/binaries.js';
import { eventually, startTestHarness } from '../../helpers/system.js';

/**
 * The issue's end-to-end check with the real binaries: the shop up with Prometheus and Alertmanager
 * (720× compressed: a one-hour month, 10-second "2h" windows), an outage injected through the proxy,
 * and then (a) the recording rules' SLI and the embedded evaluator agree within 0.1 percentage
 * points over the same window, (b) the page fires and reaches the harness's webhook, (c) it
 * resolves once the fault is removed. Mandatory in CI (FAULTLINE_REQUIRE_ALL=1).
 *
 * Why the traffic comes in a burst with quiet before and after: two scrapers (Prometheus and the
 * evaluator) sample at different instants, so a window edge that falls in live traffic would see up
 * to a second's difference in requests. With quiet edges both windows hold exactly the burst.
 */
const prometheus = optionalBinary('prometheus', 'apt-get install prometheus');
const alertmanager = optionalBinary('prometheus-alertmanager', 'apt-get install prometheus-alertmanager');
const skip = prometheus.skip || alertmanager.skip;

const SLO = 'gateway-browse-availability';
let harness: Awaited<ReturnType<typeof startTestHarness>>;

interface PromResult {
  metric: Record<string, string>;
  value: [number, string];
}
async function promQuery(expr: string, atSeconds?: number): Promise<PromResult[]> {
  const params = new URLSearchParams({ query: expr, ...(atSeconds !== undefined ? { time: String(atSeconds) } : {}) });
  const body = (await (await fetch(`${harness.endpoints.prometheus}/api/v1/query?${params}`)).json()) as { status: string; error?: string; data: { result: PromResult[] } };
  expect(body.status, body.error).toBe('success');
  return body.data.result;
}
/** The expression of a recording rule as Prometheus loaded it (the compiled rules, not a copy). */
async function recordingRuleExpr(record: string, slo: string): Promise<string> {
  const body = (await (await fetch(`${harness.endpoints.prometheus}/api/v1/rules?type=record`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; query: string; labels?: Record<string, string> }> }> } };
  const rule = body.data.groups.flatMap((g) => g.rules).find((r) => r.name === record && r.labels?.sloth_id === slo);
  expect(rule, `recording rule ${record} of ${slo}`).toBeDefined();
  return rule?.query as string;
}
const browse = () => fetch(`${harness.endpoints.gateway}/products`).then((r) => r.status);
const setProxy = (enabled: boolean) =>
  fetch(`${harness.endpoints.proxyApi}/proxies/gateway_catalog`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled }) });
/** Browse for a while at ~50 requests a second (one after another), returning the statuses. */
async function browseFor(ms: number): Promise<number[]> {
  const statuses: number[] = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    statuses.push(await browse());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return statuses;
}
const alertEvents = async () => ((await (await fetch(`${harness.endpoints.supervisorApi}/alerts`)).json()) as { events: LoggedEvent[] }).events;
const pageEvents = async (type: string) => (await alertEvents()).filter((e) => e.type === type && e.detail?.slo === SLO && e.detail?.severity === 'page');
/** Wait until both Prometheus and the evaluator have scraped the gateway twice more. */
async function bothScrapedTwice(): Promise<void> {
  const since = Date.now() / 1000;
  const scrapes = harness.scraper.counts.ok;
  await eventually(async () => {
    const last = await promQuery('timestamp(up{job="gateway"})');
    return Number(last[0]?.value[1] ?? 0) > since + 1 && harness.scraper.counts.ok >= scrapes + 2 * harness.evaluator.services().length;
  }, 15_000, 100);
}

beforeAll(async () => {
  if (skip) return;
  harness = await startTestHarness({ timeScale: 720, prometheus: 'on' });
  // Prometheus scrapes its targets a few seconds after it is ready.
  await eventually(async () => (await promQuery('up{job="gateway"} == 1')).length === 1, 30_000, 200);
}, 90_000);

afterAll(async () => {
  await setProxy(true).catch(() => undefined);
  await harness?.close();
});

describe.skipIf(skip)('the system with a real Prometheus and Alertmanager', () => {
  it('starts healthy: the backfilled baseline keeps every alert quiet', async () => {
    expect(harness.endpoints.prometheus).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // A full evaluation of every rule group after the first scrape, and nothing fires.
    await bothScrapedTwice();
    expect(await promQuery('ALERTS')).toEqual([]);
  }, 30_000);

  it('agrees with the embedded evaluator, pages through Alertmanager to the webhook, and resolves', async () => {
    // One request first, so the gateway's 200 series exists before the burst (its error series exist
    // from the start, at zero): rate() cannot count the first value of a series born mid-window.
    expect(await browse()).toBe(200);
    await bothScrapedTwice();
    // Quiet edges: neither sees any request in the 10 s window (the rule's ratio is 0/0 = NaN then).
    await eventually(
      async () =>
        harness.evaluator.statusOf(SLO, Date.now()).budget?.windows.find((w) => w.windowMs === 10_000)?.ratio === undefined &&
        (await promQuery(`slo:sli_error:ratio_rate10s{sloth_id="${SLO}"}`)).every((r) => r.value[1] === 'NaN'),
      30_000,
      200,
    );
    await bothScrapedTwice();

    // Each scraper's window is anchored on one of its own quiet scrapes: the window then starts
    // exactly on a sample, so neither rate() extrapolates its start (the error series start at
    // zero, the total does not, so a start extrapolation would tilt the ratio by however far each
    // scraper's samples happen to sit from the edge). Its end falls on one scrape of the gateway
    // for every series, which scales errors and total alike and leaves the ratio exact.
    // The evaluator's anchor: a scrape that has finished (the next one has started), before any burst request.
    const evaluatorAnchorMs = harness.scraper.lastScrapeAtMs as number;
    await eventually(async () => harness.scraper.lastScrapeAtMs !== evaluatorAnchorMs, 5000, 20);
    // Prometheus's anchor: its last scrape of the gateway, whose samples are stored whole once `up` shows it.
    const promAnchorMs = Math.round(Number((await promQuery('timestamp(up{job="gateway"})'))[0]?.value[1]) * 1000);

    // The burst: a healthy second, two seconds of outage through the proxy, a healthy second.
    const healthy = await browseFor(1000);
    expect((await setProxy(false)).status).toBe(200);
    const failing = await browseFor(2000);
    expect((await setProxy(true)).status).toBe(200);
    const recovered = await browseFor(1000);
    const burstEndMs = Date.now();
    // The gateway's breaker may keep failing fast for a while after the proxy is back: count what was seen.
    expect(healthy.every((s) => s === 200)).toBe(true);
    expect(failing.filter((s) => s >= 500).length).toBeGreaterThan(20);
    // Both anchored windows must end after the burst, each on a scrape that has been stored.
    const windowEnds = { evaluator: evaluatorAnchorMs + 10_000, prometheus: promAnchorMs + 10_000 };
    expect(Math.min(windowEnds.evaluator, windowEnds.prometheus), 'the burst outlasted a 10 s window').toBeGreaterThan(burstEndMs + 1000);
    await eventually(async () => {
      const promLast = Number((await promQuery('timestamp(up{job="gateway"})'))[0]?.value[1]) * 1000;
      return promLast >= windowEnds.prometheus && (harness.scraper.lastScrapeAtMs as number) > windowEnds.evaluator;
    }, 20_000, 100);

    // (a) The same 10 s window from the recording rule's expression and from the evaluator.
    const ruleExpr = await recordingRuleExpr('slo:sli_error:ratio_rate10s', SLO);
    const fromRule = Number((await promQuery(ruleExpr, windowEnds.prometheus / 1000))[0]?.value[1]);
    const fromEvaluator = harness.evaluator.statusOf(SLO, windowEnds.evaluator).budget?.windows.find((w) => w.windowMs === 10_000)?.ratio;
    const burst = [...healthy, ...failing, ...recovered];
    const expected = burst.filter((s) => s >= 500).length / burst.length;
    expect(Math.abs((fromEvaluator as number) - expected)).toBeLessThan(0.02);
    expect(Math.abs(fromRule - (fromEvaluator as number)) * 100).toBeLessThanOrEqual(0.1);
    // The recorded series itself, at its last evaluation in that window (which holds the whole
    // burst), is within rate()'s extrapolation of it.
    const recorded = Number((await promQuery(`slo:sli_error:ratio_rate10s{sloth_id="${SLO}"}`, windowEnds.prometheus / 1000))[0]?.value[1]);
    expect(Math.abs(recorded - expected)).toBeLessThan(0.05);

    // (b) The page fired and Alertmanager delivered it to the harness's webhook.
    await eventually(async () => (await pageEvents('alert_firing')).length > 0, 20_000, 200);
    const [firing] = await pageEvents('alert_firing');
    expect(firing?.detail).toMatchObject({ alertname: 'GatewayBrowseAvailabilityBudgetBurn', severity: 'page', slo: SLO });

    // (c) With the fault gone, the burn leaves the short windows and the page resolves.
    await eventually(async () => (await pageEvents('alert_resolved')).length > 0, 30_000, 200);
    const [resolved] = await pageEvents('alert_resolved');
    expect(Date.parse(resolved?.time as string)).toBeGreaterThan(Date.parse(firing?.time as string));
  }, 120_000);
});
