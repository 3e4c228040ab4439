import type { VerdictResult } from '../../runner/journal/events.js';
import { elapsed, latency, pct, plural, utc, utcDate } from '../format.js';
import type { IncidentModel } from '../incident/model.js';
import { escapeHtml } from './escape.js';

/**
 * The page's header: the title, the verdict first (what a reader came for), its reasons, a loud
 * line for faults never removed, then the run's facts and a few figures at a glance. Every figure
 * is the incident model's, in the draft's formats, so the header and the draft say the same.
 */

const VERDICT_MEANING: Record<VerdictResult | 'unfinished', string> = {
  held: 'The steady-state hypothesis held before, during and after the faults.',
  deviated: 'The run completed and some hypothesis check failed.',
  aborted: 'An abort condition stopped the run; faults were rolled back.',
  error: 'The run ended in error: invalid input or a failing environment.',
  unfinished: 'The journal has no verdict: the run was interrupted before it reached one.',
};

export function reportHeader(title: string, model: IncidentModel): string {
  const { run, experiment } = model;
  const verdict = run.verdict;
  const result: VerdictResult | 'unfinished' = verdict ? verdict.result : 'unfinished';
  const reasons = verdict && verdict.reasons.length > 0 ? `<ul class="reasons">${verdict.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>` : '';
  const exit = verdict ? ` <span class="exit-code">exit ${verdict.exitCode}</span>` : '';
  const leftBehind = model.faults.filter((fault) => fault.removedAt === undefined);
  const warning =
    leftBehind.length > 0
      ? `<p class="left-behind" role="alert"><strong>${plural(leftBehind.length, 'fault')} injected and never removed:</strong> ${leftBehind.map((fault) => escapeHtml(fault.faultId)).join(', ')}. Check the proxy (GET /proxies, GET /leases) at once.</p>`
      : '';

  const facts: [string, string][] = [
    ['Experiment', `${escapeHtml(experiment.title)} <span class="muted">(${escapeHtml(experiment.file)})</span>`],
    ['Started', escapeHtml(`${utcDate(run.startedAt)} ${utc(run.startedAt)} UTC`)],
    ['Duration', `${escapeHtml(elapsed(run.durationMs))}${run.complete ? '' : ' <span class="muted">(journal so far)</span>'}`],
  ];
  if (run.mode !== undefined) facts.push(['Mode', escapeHtml(run.mode)]);
  if (run.seed !== undefined) facts.push(['Seed', escapeHtml(String(run.seed))]);
  if (run.versions !== undefined) facts.push(['Faultline', escapeHtml(run.versions.faultline)]);

  return `<header class="report-header verdict-${result}"><div class="wrap">
<p class="eyebrow">Faultline post-mortem</p>
<h1>${escapeHtml(title)}</h1>
<div class="verdict" role="status" aria-label="Verdict: ${result}">
<p class="verdict-line"><span class="verdict-badge">${result}</span>${exit} <span class="verdict-meaning">${VERDICT_MEANING[result]}</span></p>
${reasons}
</div>
${warning}
<dl class="facts">${facts.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('')}</dl>
${glance(model)}
</div></header>`;
}

/** The whole run's figures (the draft's "Whole run" row), the faults and alerts the draft counts, the least budget left. */
function glance(model: IncidentModel): string {
  const { total, budgets } = model.impact;
  const figures: [string, string][] = [];
  if (total.seconds > 0) {
    figures.push(
      ['requests sent', String(total.attempted)],
      ['failed', `${total.failed} (${total.errorRatio === null ? '–' : escapeHtml(pct(total.errorRatio))})`],
      ['worst p99', total.worstP99Ms === null ? '–' : escapeHtml(latency(total.worstP99Ms))],
    );
  }
  figures.push([model.faults.length === 1 ? 'fault' : 'faults', String(model.faults.length)], [model.alerts.length === 1 ? 'alert' : 'alerts', String(model.alerts.length)]);
  const lowest = budgets.reduce<(typeof budgets)[number] | undefined>((least, budget) => (!least || budget.remaining < least.remaining ? budget : least), undefined);
  if (lowest) figures.push(['least budget left', `${escapeHtml(pct(lowest.remaining))} <span class="muted">(${escapeHtml(lowest.slo)})</span>`]);
  return `<ul class="glance" aria-label="At a glance">${figures.map(([label, value]) => `<li><span class="glance-value">${value}</span> <span class="glance-label">${label}</span></li>`).join('')}</ul>`;
}
