import type { JournalEvent, VerdictResult } from '../../runner/journal/events.js';
import { overallErrorRatio } from './charts.js';
import { escapeHtml } from './escape.js';
import { duration, plural, trimmed, utcDateTime } from './format.js';
import { epochSeconds, type ReportSeries } from './series.js';

/**
 * The page's header: the title, the verdict first (what a reader came for), its reasons, a loud
 * line for faults never removed, then the run's facts and a few figures at a glance.
 */

const VERDICT_MEANING: Record<VerdictResult | 'unfinished', string> = {
  held: 'The steady-state hypothesis held before, during and after the faults.',
  deviated: 'The run completed and some hypothesis check failed.',
  aborted: 'An abort condition stopped the run; faults were rolled back.',
  error: 'The run ended in error: invalid input or a failing environment.',
  unfinished: 'The journal has no verdict: the run was interrupted before it reached one.',
};

export function reportHeader(title: string, events: readonly JournalEvent[], series: ReportSeries): string {
  const started = events.find((event) => event.type === 'run_started');
  const verdict = events.findLast((event) => event.type === 'verdict');
  const finished = events.findLast((event) => event.type === 'run_finished');
  const result: VerdictResult | 'unfinished' = verdict?.type === 'verdict' ? verdict.result : 'unfinished';
  const reasons = verdict?.type === 'verdict' && verdict.reasons.length > 0 ? `<ul class="reasons">${verdict.reasons.map((reason) => `<li>${escapeHtml(reason)}</li>`).join('')}</ul>` : '';
  const exit = verdict?.type === 'verdict' ? ` <span class="exit-code">exit ${verdict.exitCode}</span>` : '';
  const leftBehind = series.faults.filter((fault) => fault.open);
  const warning =
    leftBehind.length > 0
      ? `<p class="left-behind" role="alert"><strong>${plural(leftBehind.length, 'fault')} injected and never removed:</strong> ${leftBehind.map((fault) => escapeHtml(fault.faultId)).join(', ')}. Check the proxy (GET /proxies, GET /leases) at once.</p>`
      : '';

  const facts: [string, string][] = [];
  if (started?.type === 'run_started') {
    facts.push(['Experiment', `${escapeHtml(started.experiment.title)} <span class="muted">(${escapeHtml(started.experiment.file)})</span>`]);
    facts.push(['Started', escapeHtml(utcDateTime(epochSeconds(started.time)))]);
  }
  const elapsed = finished?.type === 'run_finished' ? finished.durationMs / 1000 : series.end - series.start;
  facts.push(['Duration', `${escapeHtml(duration(elapsed))}${finished ? '' : ' <span class="muted">(journal so far)</span>'}`]);
  if (started?.type === 'run_started') {
    facts.push(['Mode', escapeHtml(started.mode)]);
    facts.push(['Seed', escapeHtml(String(started.seed))]);
    facts.push(['Faultline', escapeHtml(started.versions.faultline)]);
  }

  return `<header class="report-header verdict-${result}"><div class="wrap">
<p class="eyebrow">Faultline post-mortem</p>
<h1>${escapeHtml(title)}</h1>
<div class="verdict" role="status" aria-label="Verdict: ${result}">
<p class="verdict-line"><span class="verdict-badge">${result}</span>${exit} <span class="verdict-meaning">${VERDICT_MEANING[result]}</span></p>
${reasons}
</div>
${warning}
<dl class="facts">${facts.map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`).join('')}</dl>
${glance(series)}
</div></header>`;
}

function glance(series: ReportSeries): string {
  const figures: [string, string][] = [];
  const sent = series.load.sent.reduce((sum, count) => sum + count, 0);
  if (series.load.x.length > 0) {
    const failed = series.load.failed.reduce((sum, count) => sum + count, 0);
    const worstP99 = series.load.p99Ms.reduce<number | null>((worst, value) => (value !== null && (worst === null || value > worst) ? value : worst), null);
    figures.push(['requests sent', String(sent)], ['failed', `${failed} (${overallErrorRatio(series)})`], ['worst p99', worstP99 === null ? '–' : `${trimmed(worstP99, 1)} ms`]);
  }
  figures.push([series.faults.length === 1 ? 'fault' : 'faults', String(series.faults.length)], [series.alerts.length === 1 ? 'alert' : 'alerts', String(series.alerts.length)]);
  const lowest = lowestBudget(series);
  if (lowest) figures.push(['least budget left', `${trimmed(lowest.remaining * 100, 1)} % <span class="muted">(${escapeHtml(lowest.id)})</span>`]);
  return `<ul class="glance" aria-label="At a glance">${figures.map(([label, value]) => `<li><span class="glance-value">${value}</span> <span class="glance-label">${label}</span></li>`).join('')}</ul>`;
}

/** The SLO whose last snapshot leaves it the least budget. */
function lowestBudget(series: ReportSeries): { id: string; remaining: number } | undefined {
  let lowest: { id: string; remaining: number } | undefined;
  for (const slo of series.budgets.slos) {
    const last = slo.remaining.findLast((value) => value !== null);
    if (last === undefined || last === null) continue;
    if (!lowest || last < lowest.remaining) lowest = { id: slo.id, remaining: last };
  }
  return lowest;
}
