import type { SloStatus } from '../slo/evaluator/evaluator.js';
import { promDuration } from '../slo/windows.js';
import type { AbortCondition, CheckCondition, SteadyStateCheck } from './experiment/model.js';
import type { HypothesisCheck } from './journal/events.js';
import type { RequestWindow } from './request-window.js';

/**
 * Judging the steady-state hypothesis and the abort conditions from what the run observes: the
 * load generator's requests (error ratio, latency), the SLI evaluator (burn rate, budget) and HTTP
 * probes. A window without evidence (no request, no traffic for the SLO) passes: a check fails on
 * evidence of harm, never on silence. Observed values are in the check's own unit: a fraction for
 * ratios and budgets, milliseconds for latency, a multiple for burn rates, 1 (met) or 0 for a probe.
 */

export interface ProbeResult {
  ok: boolean;
  status?: number;
  latencyMs: number;
  error?: string;
}

export interface Observations {
  nowMs: number;
  requests: RequestWindow;
  /** The SLO's live status (the evaluator). */
  slo(id: string, nowMs: number): SloStatus;
  /** A nominal alert window of an SLO as this run evaluates it (compressed, clamped). */
  compressedWindowMs(slo: string, nominalMs: number): number;
  probe(target: { path: string } | { url: string }, expectStatus: readonly number[], timeoutMs: number): Promise<ProbeResult>;
}

export interface JudgedCheck extends HypothesisCheck {
  probe?: ProbeResult;
}

export async function judgeCheck(check: SteadyStateCheck, seen: Observations): Promise<JudgedCheck> {
  const { condition } = check;
  const base = { name: check.name };
  switch (condition.kind) {
    case 'errorRatio': {
      const stats = seen.requests.errorRatio(condition.kinds, condition.windowMs, seen.nowMs);
      const ok = stats.ratio === undefined || stats.ratio * 100 <= condition.maxPercent;
      return { ...base, kind: 'error_ratio', window: promDuration(condition.windowMs), observed: stats.ratio ?? null, tolerance: `<= ${condition.maxPercent} %`, ok };
    }
    case 'latency': {
      const value = seen.requests.latencyPercentile(condition.percentile, condition.kinds, condition.windowMs, seen.nowMs);
      const ok = value === undefined || value <= condition.maxMs;
      return { ...base, kind: 'latency', window: promDuration(condition.windowMs), observed: value === undefined ? null : Number.isFinite(value) ? round(value) : null, tolerance: `p${condition.percentile} <= ${condition.maxMs} ms`, ok };
    }
    case 'burnRate': {
      const windowMs = seen.compressedWindowMs(condition.slo, condition.windowMs);
      const burn = burnOver(seen.slo(condition.slo, seen.nowMs), windowMs);
      const ok = burn === undefined || burn <= condition.max;
      return { ...base, kind: 'burn_rate', slo: condition.slo, window: promDuration(windowMs), observed: burn ?? null, tolerance: `<= ${condition.max}×`, ok };
    }
    case 'budget': {
      const consumed = seen.slo(condition.slo, seen.nowMs).budget?.consumed;
      const ok = consumed === undefined || consumed * 100 <= condition.maxConsumedPercent;
      return { ...base, kind: 'budget', slo: condition.slo, observed: consumed ?? null, tolerance: `consumed <= ${condition.maxConsumedPercent} %`, ok };
    }
    case 'probe': {
      const probe = await seen.probe(condition.target, condition.expectStatus, condition.timeoutMs);
      // The journal's contract: 1 met, 0 not; the status and error are in the probe event beside it.
      return { ...base, kind: 'probe', observed: probe.ok ? 1 : 0, tolerance: `status ${condition.expectStatus.join(' or ')}`, ok: probe.ok, probe };
    }
  }
}

/** Budget checks cannot recover (consumed budget only grows), so recovery polls leave them out. */
export function recoverable(condition: CheckCondition): boolean {
  return condition.kind !== 'budget';
}

function burnOver(status: SloStatus, windowMs: number): number | undefined {
  return status.budget?.windows.find((w) => w.windowMs === windowMs)?.burnRate;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The abort conditions, evaluated once a second. A condition with `for` must hold at every
 * evaluation over that span (the first breach starts the clock, a pass resets it), as an alert's
 * `for` does; the budget condition fires at once.
 */
export class AbortWatch {
  readonly #since = new Map<number, number>();

  constructor(private readonly conditions: readonly AbortCondition[]) {}

  /** The first condition that now calls for an abort, in words, or undefined. */
  evaluate(seen: Pick<Observations, 'nowMs' | 'requests' | 'slo' | 'compressedWindowMs'>): { condition: string; reason: string; observed: number | null } | undefined {
    for (const [index, condition] of this.conditions.entries()) {
      const breach = this.#breach(condition, seen);
      if (!breach) {
        this.#since.delete(index);
        continue;
      }
      const forMs = condition.kind === 'budgetBurned' ? 0 : condition.forMs;
      const since = this.#since.get(index) ?? seen.nowMs;
      this.#since.set(index, since);
      if (seen.nowMs - since >= forMs) return { condition: describeAbortCondition(condition), reason: breach.reason, observed: breach.observed };
    }
    return undefined;
  }

  #breach(condition: AbortCondition, seen: Pick<Observations, 'nowMs' | 'requests' | 'slo' | 'compressedWindowMs'>): { reason: string; observed: number } | undefined {
    switch (condition.kind) {
      case 'budgetBurned': {
        const consumed = seen.slo(condition.slo, seen.nowMs).budget?.consumed ?? 0;
        return consumed * 100 > condition.abovePercent ? { reason: `${condition.slo} has burned ${pct(consumed)} of its error budget, above the ${condition.abovePercent} % limit`, observed: consumed } : undefined;
      }
      case 'burnRate': {
        const windowMs = seen.compressedWindowMs(condition.slo, condition.windowMs);
        const burn = burnOver(seen.slo(condition.slo, seen.nowMs), windowMs);
        return burn !== undefined && burn > condition.above
          ? { reason: `${condition.slo} burns its budget at ${burn.toFixed(1)}× over ${promDuration(windowMs)}, above ${condition.above}× for ${promDuration(condition.forMs)}`, observed: burn }
          : undefined;
      }
      case 'errorRatio': {
        const stats = seen.requests.errorRatio([], condition.windowMs, seen.nowMs);
        return stats.ratio !== undefined && stats.ratio * 100 > condition.abovePercent
          ? { reason: `${pct(stats.ratio)} of requests failed over ${promDuration(condition.windowMs)}, above ${condition.abovePercent} % for ${promDuration(condition.forMs)}`, observed: stats.ratio }
          : undefined;
      }
    }
  }
}

export function describeAbortCondition(condition: AbortCondition): string {
  switch (condition.kind) {
    case 'budgetBurned':
      return `budgetBurned ${condition.slo} > ${condition.abovePercent} %`;
    case 'burnRate':
      return `burnRate ${condition.slo} ${promDuration(condition.windowMs)} > ${condition.above}× for ${promDuration(condition.forMs)}`;
    case 'errorRatio':
      return `errorRatio > ${condition.abovePercent} % for ${promDuration(condition.forMs)}`;
  }
}

function pct(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(3))} %`;
}
