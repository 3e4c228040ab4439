import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { AlertLog } from '../../../src/harness/alert-log.js';
import type { SloEvaluator, SloStatus } from '../../../src/slo/evaluator/evaluator.js';
import type { ExperimentPlan } from '../../../src/runner/experiment/plan.js';
import type { FaultController } from '../../../src/runner/faults.js';
import type { JournalEventInput } from '../../../src/runner/journal/events.js';
import type { JournalWriter } from '../../../src/runner/journal/writer.js';
import type { RunProgress } from '../../../src/runner/reporter.js';
import { RequestWindow } from '../../../src/runner/request-window.js';
import { RunObserver } from '../../../src/runner/run-observer.js';

/**
 * The run's per-second observer asks the SLI evaluator for every SLO's status once a tick, and the
 * SLO snapshot and the progress line read that one answer.
 */

const T = 1_800_000_000_000;

function status(id: string, consumed: number | undefined, firing = { page: false, ticket: false }): SloStatus {
  return {
    id,
    service: 'gateway',
    name: id,
    objective: 99.9,
    evaluable: true,
    ...(consumed === undefined
      ? {}
      : {
          budget: {
            consumed,
            remaining: 1 - consumed,
            windows: [
              { windowMs: 5000, ratio: 0.01, burnRate: 10 },
              { windowMs: 60_000, ratio: 0.002, burnRate: 2 },
            ],
            firing,
          },
        }),
  } as unknown as SloStatus;
}

function observe(statuses: (nowMs: number) => SloStatus[]) {
  const events: JournalEventInput[] = [];
  const progress: RunProgress[] = [];
  const lines: string[] = [];
  const asked: number[] = [];
  const evaluator = {
    status: (nowMs: number) => {
      asked.push(nowMs);
      return statuses(nowMs);
    },
  } as unknown as SloEvaluator;
  const alerts = { since: () => ({ events: [], next: 0 }) } as unknown as AlertLog;
  const plan = { phases: [{ name: 'baseline', startMs: 0 }, { name: 'faults', startMs: 2000 }], totalMs: 10_000 } as unknown as ExperimentPlan;
  const controller = { active: () => [{ faultId: 'slow-catalog' }] } as unknown as FaultController;
  const requests = new RequestWindow(60_000);
  requests.add({ kind: 'browse', atEpochMs: T - 1000, outcome: '2xx', latencyMs: 12 });
  requests.add({ kind: 'browse', atEpochMs: T - 500, outcome: '5xx', latencyMs: 30 });
  const observer = new RunObserver({
    journal: { append: (event: JournalEventInput) => events.push(event) } as unknown as JournalWriter,
    evaluator,
    alerts,
    clock: new ManualClock(),
    report: { line: (text) => lines.push(text), progress: (p) => progress.push(p) },
    requests,
    plan,
    controller,
  });
  return { observer, events, progress, lines, asked };
}

describe('RunObserver', () => {
  it('asks the evaluator once a second, and journals the snapshot and shows the progress from that one answer', () => {
    const { observer, events, progress, asked } = observe(() => [status('gateway-availability', 0.25, { page: true, ticket: false }), status('custom-promql', undefined)]);
    observer.second(T, 3000);
    expect(asked).toEqual([T]);
    expect(events).toEqual([
      {
        type: 'slo_snapshot',
        slos: [{ id: 'gateway-availability', errorRatioShort: 0.01, burnRates: { '5s': 10, '1m': 2 }, consumed: 0.25, remaining: 0.75, firing: { page: true, ticket: false } }],
      },
      { type: 'alert', status: 'firing', alertname: 'gateway-availability page', severity: 'page', slo: 'gateway-availability', startsAt: new Date(T).toISOString(), source: 'evaluator' },
    ]);
    expect(progress).toEqual([{ phase: 'faults', elapsedMs: 3000, totalMs: 10_000, requestsPerSecond: 0.4, errorRatio: 0.5, p99Ms: 30, budgetBurned: [{ slo: 'gateway-availability', consumed: 0.25 }], activeFaults: ['slow-catalog'] }]);

    observer.second(T + 1000, 4000);
    expect(asked).toEqual([T, T + 1000]);
    observer.close(T + 1500);
    expect(asked).toEqual([T, T + 1000, T + 1500]);
  });

  it('writes neither the snapshot nor the progress line when the evaluator throws, and goes on with the rest', () => {
    let fail = true;
    const { observer, events, progress, asked } = observe(() => {
      if (fail) throw new Error('evaluator broke');
      return [status('gateway-availability', 0.1)];
    });
    expect(() => observer.second(T, 1000)).not.toThrow();
    expect(asked).toEqual([T]);
    expect(events).toEqual([]);
    expect(progress).toEqual([]);
    fail = false;
    observer.second(T + 1000, 2000);
    expect(events.map((e) => e.type)).toEqual(['slo_snapshot']);
    expect(progress.map((p) => p.budgetBurned)).toEqual([[{ slo: 'gateway-availability', consumed: 0.1 }]]);
  });
});
