import type { JudgedCheck } from './checks.js';

/**
 * Failed judgements of the hypothesis, folded into findings: a check failing at every judgement of
 * a phase is one sentence, with how often it failed and its most alarming observation, not ten.
 */
export class CheckFindings {
  readonly #failures = new Map<string, { moment: string; check: JudgedCheck; count: number }>();
  readonly #judgements = new Map<string, number>();

  add(moment: string, judged: readonly JudgedCheck[]): void {
    for (const check of judged) {
      const key = `${moment}/${check.name}`;
      this.#judgements.set(key, (this.#judgements.get(key) ?? 0) + 1);
      if (check.ok) continue;
      const seen = this.#failures.get(key);
      if (!seen) this.#failures.set(key, { moment, check, count: 1 });
      else {
        seen.count += 1;
        if (worse(check, seen.check)) seen.check = check;
      }
    }
  }

  /** One sentence per failing check and moment, e.g. `during the faults, "orders succeed" failed 9 of 10 judgements: worst observed 100 %, expected <= 1 %`. */
  sentences(): string[] {
    return [...this.#failures.entries()].map(([key, { moment, check, count }]) => {
      const of = this.#judgements.get(key) ?? count;
      return `${moment}, "${check.name}" failed ${count === 1 && of === 1 ? 'its judgement' : `${count} of ${of} judgements`}: ${count > 1 ? 'worst ' : ''}observed ${formatObserved(check.observed, check.kind)}, expected ${check.tolerance}`;
    });
  }
}

/**
 * The more alarming of two failed judgements of one check. No observation counts as least alarming,
 * except for latency: a latency check fails without a figure only when its percentile falls among
 * requests that timed out (judgeCheck), which is worse than any figure.
 */
function worse(a: JudgedCheck, b: JudgedCheck): boolean {
  if (a.kind === 'probe') return false;
  const rank = (check: JudgedCheck) => check.observed ?? (check.kind === 'latency' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
  return rank(a) > rank(b);
}

function formatObserved(observed: number | null, kind: string): string {
  if (observed === null) return kind === 'latency' ? 'requests that timed out (no answer to measure)' : 'nothing';
  if (kind === 'error_ratio' || kind === 'budget') return `${Number((observed * 100).toPrecision(3))} %`;
  if (kind === 'latency') return `${observed} ms`;
  if (kind === 'burn_rate') return `${observed.toFixed(1)}×`;
  if (kind === 'probe') return observed === 1 ? 'an expected answer' : 'no expected answer (see the probe events)';
  return String(observed);
}
