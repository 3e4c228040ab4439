import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainTiers } from '../../../../src/postmortem/incident/alerts.js';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import { CATALOGUE, verificationExperiment } from '../../../../src/postmortem/incident/catalogue.js';
import { experimentFacts } from '../../../../src/postmortem/incident/experiment-facts.js';
import type { IncidentModel, Statement } from '../../../../src/postmortem/incident/model.js';
import type { JournalEvent, JsonValue, RunStartedEvent } from '../../../../src/runner/journal/events.js';
import { DOCUMENT, finished, inject, iso, outageRun, phase, remove, runStarted, samples, scenario, snapshotAt, verdict } from './scenario.js';

const texts = (statements: readonly Statement[]) => statements.map((s) => s.text);
const has = (statements: readonly Statement[], pattern: RegExp) => statements.some((s) => pattern.test(s.text));

/** An aborted run: the abort at 7 s removes the fault; the second planned fault never runs. */
function abortedRun(): JournalEvent[] {
  const document = { ...(DOCUMENT as object), method: [{ name: 'payments-down' }, { name: 'later-fault' }] };
  return scenario([
    [0, runStarted({ document })],
    phase(0, 'baseline', 'started'),
    inject(5200, 'payments-down'),
    ...samples(0, 7, (s) => (s >= 5 ? 6 : 0)),
    [7000, { type: 'abort', condition: 'errorRatio > 20 % for 1s', reason: '60 % of requests failed over 1s, above 20 % for 1s', observed: 0.6 }],
    remove(7020, 'payments-down', 'abort'),
    [7021, { type: 'rollback', faultId: 'payments-down', ok: true }],
    verdict(7100, 'aborted', ['aborted: 60 % of requests failed']),
    finished(7200),
  ]);
}

/** A fault nothing felt: clean load, flat budget. */
function quietRun(): JournalEvent[] {
  return scenario([[0, runStarted()], phase(0, 'baseline', 'started'), inject(5200, 'payments-down'), ...samples(0, 12), snapshotAt(6050, { 'gateway-order-availability': 0 }), snapshotAt(9050, { 'gateway-order-availability': 0 }), remove(9000, 'payments-down'), verdict(12_100, 'held'), finished(12_200)]);
}

describe('prompts and action items are chosen by what happened', () => {
  it.each<{ name: string; events: () => JournalEvent[]; check: (m: IncidentModel) => void }>([
    {
      name: 'a fault no alert saw → a question about alerting coverage and a detect item verified by the catalogue',
      events: () => outageRun({ alerts: false }),
      check: (m) => {
        expect(has(m.questions, /^Which alert covers what fault payments-down did to gateway/)).toBe(true);
        expect(has(m.contributingFactors, /^No page or ticket fired while fault payments-down impaired the load/)).toBe(true);
        expect(m.actionItems.find((a) => a.type === 'detect')).toMatchObject({ priority: 'P1', owner: 'SLO owner (gateway)', verifyWith: 'experiments/payments-outage.yaml', followUp: 'prevention' });
        expect(has(m.lucky, /^gateway-order-availability burned 50 % of its budget and no alert fired\. At the rate seen during the fault, the remaining 50 % lasts about 5.3 s\./)).toBe(true);
      },
    },
    {
      name: 'a page → facts about time to detect, and a question splitting it into windows and propagation',
      events: () => outageRun(),
      check: (m) => {
        expect(texts(m.wentWell)[0]).toBe('The page for gateway-order-availability fired 1.1 s after fault payments-down began; burn-rate tier: fast burn: above 14.4× over 1h and 5m (5s and 4s at ×720); slow burn: above 6× over 6h and 30m (30s and 4s at ×720).');
        expect(has(m.questions, /How much of that was the alert's windows/)).toBe(true);
        expect(m.actionItems.some((a) => a.type === 'detect')).toBe(false);
      },
    },
    {
      name: 'a dependency fault → a question about retries and retry budgets, with the query to check',
      events: () => outageRun(),
      check: (m) => {
        const retries = m.questions.find((q) => /retries/.test(q.text));
        expect(retries?.text).toBe("During fault payments-down, orders was calling payments. How did orders' retries behave — how much load did they add to payments, and is there a retry budget on this call that held?");
        expect(retries?.evidence).toEqual([{ kind: 'query', promql: 'sum(rate(faultline_client_retries_total{service="orders",peer="payments"}[4s]))', at: iso(5200) }]);
      },
    },
    {
      name: 'an abort → a question about the abort line, a process item, and the faults it kept from running',
      events: abortedRun,
      check: (m) => {
        expect(has(m.questions, /^The abort condition "errorRatio > 20 % for 1s" stopped the run at 10:00:07.000 .* Does that line match the share of the error budget/)).toBe(true);
        expect(m.actionItems.find((a) => a.owner === 'facilitator' && /abort line/.test(a.text))).toMatchObject({ type: 'process', priority: 'P2' });
        expect(texts(m.wentWrong)).toContain('The run stopped before fault later-fault was injected, so the experiment did not test it.');
        expect(has(m.wentWell, /^The abort condition stopped the run at 10:00:07.000, and the rollback removed the faults in place within 20 ms\.$/)).toBe(true);
        // too little load after the removal to judge recovery: no recovery item, no "still impaired" claim
        expect(m.actionItems.some((a) => a.type === 'mitigate')).toBe(false);
        expect(m.summary).toContain('The load stopped too soon after the removal to see recovery: the abort stopped the load with the run.');
      },
    },
    {
      name: 'a slow recovery → a prompt about what held the load, and a mitigate item when it missed the deadline',
      events: () => outageRun({ failing: (s) => (s >= 5 ? 4 : 0) }),
      check: (m) => {
        expect(has(m.contributingFactors, /^After the last fault was removed, the load stayed impaired until it ended\. What held it there/)).toBe(true);
        expect(m.actionItems.find((a) => a.type === 'mitigate')).toMatchObject({ text: 'Bring gateway back to nominal within 3.0 s of payments recovering (this run: not back before the load ended)', priority: 'P1', owner: 'service owner (orders)' });
      },
    },
    {
      name: 'no impact → prompts about what absorbed the fault, no invented finding',
      events: quietRun,
      check: (m) => {
        expect(texts(m.contributingFactors)).toEqual(['Fault payments-down, an outage of proxy orders_payments, changed nothing the load measured. Which mechanism absorbed it — a timeout, a retry, a fallback — or does the load not exercise that path (it sends browse and order)?']);
        expect(has(m.lucky, /^Fault payments-down left no mark on the load or the budgets/)).toBe(true);
        expect(m.wentWrong).toEqual([]);
        expect(m.actionItems.map((a) => a.type)).toEqual(['process']);
      },
    },
    {
      name: 'a fault left in place → a P0 item for the safety owner, first',
      events: () => scenario([[0, runStarted()], phase(0, 'baseline', 'started'), inject(5200, 'payments-down'), ...samples(0, 8, (s) => (s >= 5 ? 2 : 0)), finished(8200)]),
      check: (m) => {
        expect(m.actionItems[0]).toMatchObject({ type: 'mitigate', priority: 'P0', owner: 'safety owner', followUp: 'recovery' });
        expect(texts(m.wentWrong)[0]).toBe('Fault payments-down has no recorded removal: it may still be in place.');
      },
    },
    {
      name: 'notes with roles → roles listed, and a question comparing them with the timeline',
      events: () => outageRun({ extra: [[8000, { type: 'note', role: 'responder 1', text: 'orders errors on the dashboard' }]] }),
      check: (m) => {
        expect(m.run.roles).toEqual(['responder 1']);
        expect(has(m.questions, /^The journal holds 1 note written during the run \(by responder 1\)/)).toBe(true);
        expect(m.timeline.find((t) => t.source === 'responder 1')?.text).toBe('Note (responder 1): orders errors on the dashboard');
      },
    },
    {
      name: 'an SLO overspent → an error-budget policy item',
      events: () => scenario([[0, runStarted()], inject(500, 'a'), ...[0, 1, 2].map((s) => snapshotAt(s * 1000 + 10, { 'gateway-order-availability': s * 0.8 })), remove(2500, 'a'), finished(3000)]),
      check: (m) => {
        expect(m.actionItems.find((a) => a.type === 'process' && /error-budget policy/.test(a.text))?.text).toBe('Apply the error-budget policy of gateway-order-availability: this run spent 160 % of its period\'s budget, overspending it by 60 %');
      },
    },
  ])('$name', ({ events, check }) => check(buildIncident(events())));

  it('ties every proposed item to an owner role and a priority, never a person', () => {
    for (const events of [outageRun(), outageRun({ alerts: false }), abortedRun(), quietRun()]) {
      for (const item of buildIncident(events).actionItems) {
        expect(item.owner).toMatch(/^(facilitator|safety owner|SLO owner \(.+\)|service owner \(.+\))$/);
        expect(item.priority).toMatch(/^P[0-2]$/);
        expect(item.text).toMatch(/^[A-Z][a-z-]+ /);
      }
    }
  });

  it('writes in blameless language: no counterfactuals, no "root cause", no minimisers, no "why" questions', () => {
    const banned = /should have|could have|would have|failed to|human error|root cause|simply|obviously|\bjust\b|\bwhy\b|\bblame|careless|\bforgot|\bmissed\b|make sure|\bensure\b|\bimprove/i;
    for (const events of [outageRun(), outageRun({ alerts: false }), outageRun({ failing: (s) => (s >= 5 ? 4 : 0) }), abortedRun(), quietRun()]) {
      const m = buildIncident(events);
      const all = [m.summary, ...[m.trigger, m.contributingFactors, m.resolution, m.wentWell, m.wentWrong, m.lucky, m.questions].flat().map((s) => s.text), ...m.actionItems.map((a) => a.text), ...m.timeline.map((t) => t.text), ...m.markers.map((k) => k.explanation)];
      for (const text of all) expect(text).not.toMatch(banned);
    }
  });

  it('keeps facts and prompts apart: lessons that went well or wrong are facts, luck and questions are prompts', () => {
    const m = buildIncident(outageRun({ alerts: false }));
    expect(new Set([...m.wentWell, ...m.wentWrong, ...m.trigger, ...m.resolution].map((s) => s.kind))).toEqual(new Set(['fact']));
    expect(new Set([...m.lucky, ...m.questions].map((s) => s.kind))).toEqual(new Set(['prompt']));
  });
});

describe('experiment facts', () => {
  const started = (document: object, timeScale = 720) => ({ ...runStarted({ document: document as JsonValue, timeScale }), seq: 1, time: iso(0) }) as RunStartedEvent;
  it.each([
    { name: 'as written', document: DOCUMENT, timeScale: 720, expected: { speed: 1, recoveryWithinMs: 3000, requestTimeoutMs: 2000 } },
    { name: '--speed 5: SLO time scale ÷ the document\'s', document: DOCUMENT, timeScale: 3600, expected: { speed: 5, recoveryWithinMs: 600, requestTimeoutMs: 2000 } },
    { name: 'a document time scale of 60 at --speed 2', document: { ...(DOCUMENT as object), timeScale: 60 }, timeScale: 120, expected: { speed: 2, recoveryWithinMs: 1500, requestTimeoutMs: 2000 } },
    { name: "the loader's defaults for an empty document", document: {}, timeScale: 720, expected: { speed: 1, recoveryWithinMs: 10_000, requestTimeoutMs: 5000 } },
  ])('$name', ({ document, timeScale, expected }) => {
    expect(experimentFacts(started(document as object, timeScale))).toMatchObject(expected);
  });

  it('reads names, the hypothesis, the request kinds and the abort conditions in words', () => {
    const document = { ...(DOCUMENT as object), abort: [{ budgetBurned: { slo: 'gateway-browse-availability', above: 50 } }, { burnRate: { slo: 's', window: '5m', above: 14.4, for: '2s' } }, { errorRatio: { above: 20, for: '1s', window: '5s' } }] };
    expect(experimentFacts(started(document))).toMatchObject({
      name: 'payments-outage',
      hypothesis: 'Orders keep succeeding.',
      requestKinds: ['browse', 'order'],
      methodNames: ['payments-down'],
      abortConditions: ['more than 50 % of the gateway-browse-availability budget consumed', 's burning faster than 14.4× over 5m for 2s', 'error ratio above 20 % for 1s (window 5s)'],
    });
  });
});

describe('burn-rate tiers', () => {
  const slo = (timeScale: number, period = '30d') => ({ id: 's', service: 'gateway', name: 'x', objective: 99.9, period, timeScale, budgeting: 'events' as const });
  it.each<{ name: string; k: number; severity: string; rates: Record<string, number | null>; expected: string[]; period?: string }>([
    { name: 'the fast page at ×720', k: 720, severity: 'page', rates: { '4s': 20, '5s': 20, '30s': 5 }, expected: ['fast burn: above 14.4× over 1h and 5m (5s and 4s at ×720)'] },
    { name: 'both page tiers', k: 720, severity: 'page', rates: { '4s': 20, '5s': 20, '30s': 7 }, expected: ['fast burn: above 14.4× over 1h and 5m (5s and 4s at ×720)', 'slow burn: above 6× over 6h and 30m (30s and 4s at ×720)'] },
    { name: 'the slow ticket in real time', k: 1, severity: 'ticket', rates: { '6h': 1.5, '3d': 1.2, '2h': 1, '1d': 1 }, expected: ['slow burn: above 1× over 3d and 6h'] },
    { name: 'nothing over the line', k: 720, severity: 'page', rates: { '4s': 2, '5s': 2, '30s': 2 }, expected: [] },
    { name: 'a period without a table', k: 720, severity: 'page', rates: { '4s': 2000 }, expected: [], period: '14d' },
  ])('$name', ({ k, severity, rates, expected, period }) => {
    expect(explainTiers(slo(k, period), severity, rates)).toEqual(expected);
  });
});

describe('verification experiments', () => {
  it('names only files that exist in the catalogue', () => {
    for (const file of Object.values(CATALOGUE)) expect(existsSync(fileURLToPath(new URL(`../../../../${file}`, import.meta.url))), file).toBe(true);
  });

  it.each([
    { fault: { kind: 'outage', target: { proxy: 'orders_payments' } }, expected: CATALOGUE.outage },
    { fault: { kind: 'outage', target: { proxy: 'catalog_inventory' } }, expected: CATALOGUE.outageWithFallback },
    { fault: { kind: 'toxic', target: { proxy: 'p' }, toxic: { name: 't', type: 'latency', stream: 'downstream', toxicity: 1, attributes: {} } }, expected: CATALOGUE.latency },
    { fault: { kind: 'toxic', target: { proxy: 'p' }, toxic: { name: 't', type: 'timeout', stream: 'upstream', toxicity: 1, attributes: {} } }, expected: CATALOGUE.blackHole },
    { fault: { kind: 'toxic', target: { proxy: 'p' }, toxic: { name: 't', type: 'timeout', stream: 'upstream', toxicity: 0.3, attributes: {} } }, expected: CATALOGUE.partial },
    { fault: { kind: 'toxic', target: { proxy: 'p' }, toxic: { name: 't', type: 'bandwidth', stream: 'downstream', toxicity: 1, attributes: {} } }, expected: CATALOGUE.bandwidth },
    { fault: { kind: 'process', target: { service: 'payments' }, action: 'pause' }, expected: CATALOGUE.pause },
    { fault: { kind: 'process', target: { service: 'catalog' }, action: 'kill' }, expected: CATALOGUE.kill },
    { fault: { kind: 'policy', target: { service: 'orders', peer: 'payments' }, policy: { retries: { attempts: 5 } } }, expected: CATALOGUE.retries },
    { fault: { kind: 'policy', target: { service: 'gateway', peer: 'orders' }, policy: { timeout: '400ms' } }, expected: CATALOGUE.timeouts },
  ] as const)('$fault.kind $fault.target → $expected', ({ fault, expected }) => {
    expect(verificationExperiment(fault as Parameters<typeof verificationExperiment>[0])).toBe(expected);
  });
});
