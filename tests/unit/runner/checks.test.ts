import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { RequestResult } from '../../../src/load/generator.js';
import type { SloStatus } from '../../../src/slo/evaluator/evaluator.js';
import { AbortWatch, describeAbortCondition, judgeCheck, recoverable, type Observations, type ProbeResult } from '../../../src/runner/checks.js';
import type { AbortCondition, CheckCondition, SteadyStateCheck } from '../../../src/runner/experiment/model.js';
import { RequestWindow } from '../../../src/runner/request-window.js';

/**
 * The checks and abort conditions judged from fake observations: a RequestWindow filled by hand, an
 * SLO status with chosen burn rates and budget, a probe that answers what the test says. Time is a
 * ManualClock, so `for` is exact.
 */

const SLO = 'gateway-order-availability';
/** The evaluator's 5m window at ×720, clamped to four 1 s scrapes. */
const COMPRESSED_5M = 4000;

interface Fake {
  clock: ManualClock;
  requests: RequestWindow;
  /** Burn rate by (compressed) window, and budget consumed; `undefined` budget = no traffic yet. */
  slo: { burn?: Record<number, number | undefined>; consumed?: number } | undefined;
  probes: Array<{ target: unknown; expect: readonly number[]; timeoutMs: number }>;
  probeAnswer: ProbeResult;
  seen(): Observations;
  /** `count` requests of `kind` over the last second, `failed` of them 5xx. */
  traffic(count: number, failed: number, options?: { kind?: string; latencyMs?: number }): void;
}

function fake(): Fake {
  const clock = new ManualClock();
  const f: Fake = {
    clock,
    requests: new RequestWindow(60_000),
    slo: undefined,
    probes: [],
    probeAnswer: { ok: true, status: 200, latencyMs: 3 },
    seen: () => ({
      nowMs: clock.now(),
      requests: f.requests,
      slo: (id) => statusOf(id, f.slo),
      compressedWindowMs: (_slo, nominalMs) => (nominalMs === 300_000 ? COMPRESSED_5M : nominalMs / 720),
      probe: async (target, expect, timeoutMs) => {
        f.probes.push({ target, expect, timeoutMs });
        return f.probeAnswer;
      },
    }),
    traffic: (count, failed, options = {}) => {
      for (let i = 0; i < count; i += 1) {
        const result: RequestResult = { kind: options.kind ?? 'order', atEpochMs: clock.now() - 999 + Math.floor((i * 999) / count), outcome: i < failed ? '5xx' : '2xx', latencyMs: options.latencyMs ?? 20 };
        f.requests.add(result);
      }
    },
  };
  return f;
}

function statusOf(id: string, slo: Fake['slo']): SloStatus {
  const budget = slo && {
    consumed: slo.consumed ?? 0,
    windows: Object.entries(slo.burn ?? {}).map(([windowMs, burnRate]) => ({ windowMs: Number(windowMs), burnRate })),
  };
  return { id, ...(budget ? { budget } : {}) } as unknown as SloStatus;
}

function check(condition: CheckCondition, name = 'the check'): SteadyStateCheck {
  return { name, when: ['before', 'during', 'after'], condition };
}

describe('judgeCheck', () => {
  describe('errorRatio', () => {
    const condition: CheckCondition = { kind: 'errorRatio', maxPercent: 1, windowMs: 5000, kinds: ['order'] };

    it('passes at the tolerance and fails above it, observing the ratio as a fraction', async () => {
      const f = fake();
      f.traffic(100, 1);
      expect(await judgeCheck(check(condition, 'orders succeed'), f.seen())).toEqual({ name: 'orders succeed', kind: 'error_ratio', window: '5s', observed: 0.01, tolerance: '<= 1 %', ok: true });
      f.traffic(100, 3);
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: 0.02, ok: false });
    });

    it('counts only the kinds it names', async () => {
      const f = fake();
      f.traffic(50, 50, { kind: 'browse' });
      f.traffic(50, 0, { kind: 'order' });
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: 0, ok: true });
    });

    it('passes without evidence: no request in the window is not a failure', async () => {
      const f = fake();
      f.traffic(10, 10);
      f.clock.advance(6000);
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: null, ok: true });
    });
  });

  describe('latency', () => {
    const condition: CheckCondition = { kind: 'latency', percentile: 90, maxMs: 500, windowMs: 5000, kinds: [] };

    it('passes at the limit and fails above it, observing milliseconds rounded to a tenth', async () => {
      const f = fake();
      f.traffic(10, 0, { latencyMs: 500 });
      expect(await judgeCheck(check(condition), f.seen())).toEqual({ name: 'the check', kind: 'latency', window: '5s', observed: 500, tolerance: 'p90 <= 500 ms', ok: true });
      f.traffic(100, 0, { latencyMs: 612.345 });
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: 612.3, ok: false });
    });

    it('fails when the percentile falls among timed-out requests, which have no latency to observe', async () => {
      const f = fake();
      f.traffic(5, 0, { latencyMs: 20 });
      for (let i = 0; i < 5; i += 1) f.requests.add({ kind: 'order', atEpochMs: f.clock.now() - 500, outcome: 'timeout' });
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: null, ok: false });
    });

    it('passes without evidence', async () => {
      expect(await judgeCheck(check(condition), fake().seen())).toMatchObject({ observed: null, ok: true });
    });
  });

  describe('burnRate', () => {
    const condition: CheckCondition = { kind: 'burnRate', slo: SLO, windowMs: 300_000, max: 14.4 };

    it('reads the compressed window and reports it, passing at the limit and failing above', async () => {
      const f = fake();
      f.slo = { burn: { [COMPRESSED_5M]: 14.4, 60_000: 100 } };
      expect(await judgeCheck(check(condition), f.seen())).toEqual({ name: 'the check', kind: 'burn_rate', slo: SLO, window: '4s', observed: 14.4, tolerance: '<= 14.4×', ok: true });
      f.slo = { burn: { [COMPRESSED_5M]: 1000 } };
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: 1000, ok: false });
    });

    it.each<[string, Fake['slo']]>([
      ['the SLO has no budget yet', undefined],
      ['the window saw no traffic', { burn: { [COMPRESSED_5M]: undefined } }],
      ['the evaluator has no such window', { burn: { 60_000: 500 } }],
    ])('passes without evidence: %s', async (_case, slo) => {
      const f = fake();
      f.slo = slo;
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: null, ok: true });
    });
  });

  describe('budget', () => {
    const condition: CheckCondition = { kind: 'budget', slo: SLO, maxConsumedPercent: 50 };

    it('passes at the limit and fails above it, observing the consumed share as a fraction', async () => {
      const f = fake();
      f.slo = { consumed: 0.5 };
      expect(await judgeCheck(check(condition), f.seen())).toEqual({ name: 'the check', kind: 'budget', slo: SLO, observed: 0.5, tolerance: 'consumed <= 50 %', ok: true });
      f.slo = { consumed: 0.51 };
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: 0.51, ok: false });
    });

    it('passes without evidence', async () => {
      expect(await judgeCheck(check(condition), fake().seen())).toMatchObject({ observed: null, ok: true });
    });

    it('is left out of recovery polling (consumed budget never comes back), unlike every other kind', () => {
      expect(recoverable(condition)).toBe(false);
      expect(recoverable({ kind: 'errorRatio', maxPercent: 1, windowMs: 5000, kinds: [] })).toBe(true);
      expect(recoverable({ kind: 'probe', target: { path: '/' }, expectStatus: [200], timeoutMs: 1000 })).toBe(true);
    });
  });

  describe('probe', () => {
    const condition: CheckCondition = { kind: 'probe', target: { path: '/readyz' }, expectStatus: [200, 204], timeoutMs: 500 };

    it('asks the probe with its target, statuses and timeout, and keeps the probe’s answer for the journal', async () => {
      const f = fake();
      const judged = await judgeCheck(check(condition, 'gateway ready'), f.seen());
      expect(f.probes).toEqual([{ target: { path: '/readyz' }, expect: [200, 204], timeoutMs: 500 }]);
      expect(judged).toEqual({ name: 'gateway ready', kind: 'probe', observed: 1, tolerance: 'status 200 or 204', ok: true, probe: { ok: true, status: 200, latencyMs: 3 } });
    });

    it.each<[string, ProbeResult]>([
      ['an unexpected status', { ok: false, status: 503, latencyMs: 2 }],
      ['no answer', { ok: false, latencyMs: 500, error: 'no answer within 500 ms' }],
    ])('fails on %s, observing 0 (the journal contract: 1 met, 0 not)', async (_case, answer) => {
      const f = fake();
      f.probeAnswer = answer;
      expect(await judgeCheck(check(condition), f.seen())).toMatchObject({ observed: 0, ok: false, probe: answer });
    });
  });
});

describe('AbortWatch', () => {
  const errorRatio: AbortCondition = { kind: 'errorRatio', abovePercent: 50, forMs: 2000, windowMs: 1000 };

  /** One evaluation a second, as the runner does, after a second of traffic with `failed` of 20 requests failing. */
  function second(f: Fake, watch: AbortWatch, failed: number) {
    f.clock.advance(1000);
    f.traffic(20, failed);
    return watch.evaluate(f.seen());
  }

  it('fires a budget condition at the first evaluation above it, with no `for`', () => {
    const f = fake();
    const watch = new AbortWatch([{ kind: 'budgetBurned', slo: SLO, abovePercent: 50 }]);
    f.slo = { consumed: 0.5 };
    expect(watch.evaluate(f.seen())).toBeUndefined();
    f.slo = { consumed: 0.75 };
    expect(watch.evaluate(f.seen())).toEqual({ condition: `budgetBurned ${SLO} > 50 %`, reason: `${SLO} has burned 75 % of its error budget, above the 50 % limit`, observed: 0.75 });
  });

  it('fires an error-ratio condition only once it has held for its `for`', () => {
    const f = fake();
    const watch = new AbortWatch([errorRatio]);
    expect(second(f, watch, 15)).toBeUndefined(); // breach starts the clock (t = 1 s)
    expect(second(f, watch, 15)).toBeUndefined(); // held 1 s
    expect(second(f, watch, 15)).toEqual({ condition: 'errorRatio > 50 % for 2s', reason: '75 % of requests failed over 1s, above 50 % for 2s', observed: 0.75 });
  });

  it('starts `for` again after an evaluation that passes', () => {
    const f = fake();
    const watch = new AbortWatch([errorRatio]);
    expect(second(f, watch, 15)).toBeUndefined();
    expect(second(f, watch, 15)).toBeUndefined();
    expect(second(f, watch, 10)).toBeUndefined(); // exactly 50 %: not above, the clock resets
    expect(second(f, watch, 15)).toBeUndefined();
    expect(second(f, watch, 15)).toBeUndefined();
    expect(second(f, watch, 15)).toBeDefined();
  });

  it('treats a window without requests as a pass, which resets `for`', () => {
    const f = fake();
    const watch = new AbortWatch([errorRatio]);
    expect(second(f, watch, 20)).toBeUndefined();
    f.clock.advance(1000);
    expect(watch.evaluate(f.seen())).toBeUndefined(); // silence
    expect(second(f, watch, 20)).toBeUndefined();
    expect(second(f, watch, 20)).toBeUndefined();
    expect(second(f, watch, 20)).toBeDefined();
  });

  it('fires a condition with `for: 0s` at the first breach', () => {
    const f = fake();
    expect(second(f, new AbortWatch([{ ...errorRatio, forMs: 0 }]), 11)).toMatchObject({ observed: 0.55 });
  });

  it('holds a burn-rate condition for its `for` on the compressed window', () => {
    const f = fake();
    const watch = new AbortWatch([{ kind: 'burnRate', slo: SLO, windowMs: 300_000, above: 14.4, forMs: 1000 }]);
    f.slo = { burn: { [COMPRESSED_5M]: 20, 60_000: 1 } };
    expect(watch.evaluate(f.seen())).toBeUndefined();
    f.clock.advance(500);
    expect(watch.evaluate(f.seen())).toBeUndefined();
    f.slo = { burn: { [COMPRESSED_5M]: 14.4 } }; // at the threshold: not above, resets
    f.clock.advance(500);
    expect(watch.evaluate(f.seen())).toBeUndefined();
    f.slo = { burn: { [COMPRESSED_5M]: 20 } };
    expect(watch.evaluate(f.seen())).toBeUndefined();
    f.clock.advance(1000);
    expect(watch.evaluate(f.seen())).toEqual({ condition: `burnRate ${SLO} 5m > 14.4× for 1s`, reason: `${SLO} burns its budget at 20.0× over 4s, above 14.4× for 1s`, observed: 20 });
  });

  it('keeps one clock per condition and reports the first that fires, in file order', () => {
    const f = fake();
    const watch = new AbortWatch([errorRatio, { kind: 'budgetBurned', slo: SLO, abovePercent: 10 }]);
    expect(second(f, watch, 15)).toBeUndefined();
    f.slo = { consumed: 0.2 };
    expect(second(f, watch, 15)?.condition).toBe(`budgetBurned ${SLO} > 10 %`);
    expect(second(f, watch, 15)?.condition).toBe('errorRatio > 50 % for 2s');
  });

  it('describes every kind of condition in the words of the experiment file', () => {
    expect(describeAbortCondition({ kind: 'budgetBurned', slo: SLO, abovePercent: 50 })).toBe(`budgetBurned ${SLO} > 50 %`);
    expect(describeAbortCondition({ kind: 'burnRate', slo: SLO, windowMs: 3_600_000, above: 6, forMs: 0 })).toBe(`burnRate ${SLO} 1h > 6× for 0s`);
    expect(describeAbortCondition({ kind: 'errorRatio', abovePercent: 20, forMs: 1500, windowMs: 5000 })).toBe('errorRatio > 20 % for 1s500ms');
  });
});
