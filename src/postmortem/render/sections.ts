import { alertName, elapsed, latency, pct, range, utc, utcDate } from '../format.js';
import type { ActionItem, IncidentModel, LoadCounts, PhaseMarker } from '../incident/model.js';
import { code, evidence, lineLink, statements, table } from './markdown.js';

/**
 * The blocks every template shows in its own place and under its own heading: the impact tables,
 * detection, the timeline, action items and supporting information. Templates differ in emphasis,
 * not in facts (reference §7.10): the numbers are printed by these functions only.
 */

/** "2026-11-27, 02:49:59.947–02:50:30.171 UTC". */
export function when(model: IncidentModel): string {
  const from = model.run.startedAt;
  const to = model.run.endedAt;
  return utcDate(from) === utcDate(to) ? `${utcDate(from)}, ${utc(from)}–${utc(to)} UTC` : `${from} – ${to} (UTC)`;
}

/** Time of an event in a table: the time of day, or the full UTC time when the run crosses midnight. */
export function at(model: IncidentModel, iso: string): string {
  return utcDate(model.run.startedAt) === utcDate(model.run.endedAt) ? utc(iso) : iso;
}

function countsRow(label: string, counts: LoadCounts, model: IncidentModel): string[] {
  return [
    label,
    String(counts.seconds),
    String(counts.attempted),
    String(counts.failed),
    counts.errorRatio === null ? '—' : pct(counts.errorRatio),
    counts.slow ? range(counts.slow) : '—',
    counts.worstP99Ms === null ? '—' : latency(counts.worstP99Ms),
    String(counts.notSent),
    counts.lines.map((l) => lineLink(model, l)).join('–'),
  ];
}

export function loadTable(model: IncidentModel): string {
  const { impact } = model;
  const slow = impact.slowThresholdMs !== undefined ? `Slow (> ${latency(impact.slowThresholdMs)})` : 'Slow';
  const rows = [countsRow('Whole run', impact.total, model), countsRow('While any fault was in place', impact.duringFaults, model)];
  if (impact.perFault.length > 1) for (const f of impact.perFault) rows.push(countsRow(`During ${f.faultId}`, f.counts, model));
  rows.push(countsRow('Outside every fault', impact.outside, model));
  return table(['Requests', 'Seconds', 'Sent', 'Failed', 'Error ratio', slow, 'Worst p99 (per second)', 'Not sent on time', 'Samples'], rows);
}

export function budgetTable(model: IncidentModel): string {
  const { budgets } = model.impact;
  if (budgets.length === 0) return '_The journal has no SLO snapshot, so no budget figures._';
  const faultIds = model.faults.map((f) => f.faultId);
  const rows = budgets.map((b) => [
    b.slo,
    b.objective !== undefined ? `${b.objective} %` : '—',
    pct(b.burned),
    ...faultIds.map((id) => pct(b.perFault.find((p) => p.faultId === id)?.burned ?? 0)),
    `${pct(b.outside)}${b.afterFaults !== 0 ? ` (${pct(b.afterFaults)} after the last removal)` : ''}`,
    pct(b.remaining),
    [b.firstLine, b.lastLine].filter((l): l is number => l !== undefined).map((l) => lineLink(model, l)).join('–'),
  ]);
  return table(['SLO', 'Objective', 'Budget burned in the run', ...faultIds.map((id) => `During ${id}`), 'Outside every fault', 'Budget left', 'Snapshots'], rows);
}

/** How the impact figures are computed, in three sentences the review can check. */
export function impactMethod(model: IncidentModel): string {
  const { impact } = model;
  const slow = impact.slowThresholdMs !== undefined
    ? `"Slow" means answered later than ${latency(impact.slowThresholdMs)} (${impact.slowThresholdSource ?? 'the slow threshold'}), over every request kind; the journal keeps per-second percentiles, not each request, so the count is the range those percentiles allow.`
    : '"Slow" is not counted: the experiment states no latency threshold (pass --slow to set one).';
  return [
    'How these figures are computed:',
    `- A second of load counts toward a fault when any request started in it was in flight while the fault was in place, so the rows for faults can overlap; nominal load means ${impact.nominal.description}.`,
    `- ${slow}`,
    '- Budget is a share of the SLO period\'s error budget (100 % is all of it). Each snapshot-to-snapshot increase is spread evenly over its interval; the part inside a fault\'s window goes to that fault (split evenly where faults overlap), the rest is outside every fault, so the columns add up to the total. Burn from a fault\'s last second can show up in the next snapshot, after the removal.',
  ].join('\n');
}

export function detectionTable(model: IncidentModel): string {
  if (model.detection.length === 0) return '_No fault was injected._';
  const rows = model.detection.map((d) => [
    d.faultId,
    at(model, d.startedAt),
    d.impactAt ? at(model, d.impactAt) : 'no impact measured',
    d.detectedBy ? `${alertName(d.detectedBy)} at ${at(model, d.detectedBy.firedAt)} (${d.detectedBy.source === 'alertmanager' ? 'Alertmanager' : 'evaluator'}; ${lineLink(model, d.detectedBy.firedLine)})` : d.impaired ? 'not detected by alerts' : 'nothing to detect',
    d.ttdMs !== undefined ? elapsed(d.ttdMs) : '—',
    d.detectedBy?.tiers.join('; ') || '—',
  ]);
  return table(['Fault', 'Began', 'First impact', 'Detected by', 'Time to detect', 'Burn-rate tier'], rows);
}

export function resolutionTable(model: IncidentModel): string {
  if (model.detection.length === 0) return '';
  const rows = model.detection.map((d) => {
    const fault = model.faults.find((f) => f.faultId === d.faultId);
    return [
      d.faultId,
      d.mitigatedAt ? `${at(model, d.mitigatedAt)} (${fault?.removal ?? 'removed'})` : 'no recorded removal',
      d.ttmMs !== undefined ? elapsed(d.ttmMs) : '—',
      d.resolvedAt ? at(model, d.resolvedAt) : d.impaired ? 'not back to nominal in the journal' : 'no impact measured',
      d.ttrMs !== undefined ? elapsed(d.ttrMs) : '—',
    ];
  });
  return table(['Fault', 'Mitigated (removed)', 'Time to mitigate', 'Back to nominal', 'Time to resolve'], rows);
}

/** Detection in words: every fault the alerts did not see, stated plainly, then the alert source. */
export function detectionNotes(model: IncidentModel): string {
  const lines: string[] = [];
  for (const d of model.detection) {
    if (d.impaired && !d.detectedBy) lines.push(`- Fault ${d.faultId} was not detected by alerts: no page or ticket fired between its start and ${elapsed(model.exitCriterion.holdMs)} after its removal.`);
  }
  const source = model.run.alertSource === 'alertmanager' ? 'Alerts are the ones Alertmanager delivered (Prometheus ran with the compiled rules).' : model.run.alertSource === 'evaluator' ? 'Alerts are the embedded SLO evaluator\'s (no Prometheus ran); it applies the same multi-window, multi-burn-rate rules.' : 'No alert of any kind is in the journal.';
  lines.push(`- ${source} Times to detect, mitigate and resolve are measured from the fault's injection.`);
  return lines.join('\n');
}

export function markerList(model: IncidentModel): string {
  return model.markers.map((m) => `- **${m.name}**: ${markerTime(model, m)} — ${m.explanation}${m.evidence.length > 0 ? ` (${evidence(model, m.evidence, { queries: false })})` : ''}`).join('\n');
}

function markerTime(model: IncidentModel, m: PhaseMarker): string {
  return m.at ? `${at(model, m.at)} UTC` : 'not reached';
}

export function exitCriterion(model: IncidentModel): string {
  return `INCIDENT ENDS is the exit criterion: the load nominal for ${elapsed(model.exitCriterion.holdMs)} without a break (${model.exitCriterion.source}).`;
}

export type TimelineStyle = 'evidence' | 'data-link' | 'who-what';

export function timelineTable(model: IncidentModel, style: TimelineStyle = 'evidence'): string {
  const rows = model.timeline.map((entry) => {
    const text = `${entry.markers.map((m) => `**${m}**: `).join('')}${entry.text}`;
    const proof = evidence(model, entry.evidence);
    return style === 'who-what' ? [at(model, entry.at), entry.source, text, proof] : [at(model, entry.at), text, proof];
  });
  const headers = style === 'who-what' ? ['Date/Time (UTC)', 'Who/What', 'Action/Impact', 'Evidence'] : ['Time (UTC)', 'Event', style === 'data-link' ? 'Data link' : 'Evidence'];
  const notReached = model.markers.filter((m) => !m.at);
  const tail = notReached.length > 0 ? `\n\nNot reached in this journal: ${notReached.map((m) => `**${m.name}** (${m.explanation})`).join('; ')}.` : '';
  return `All times UTC on ${utcDate(model.run.startedAt)}. ${exitCriterion(model)}\n\n${table(headers, rows)}${tail}`;
}

export type ActionStyle = 'google' | 'kehoe' | 'howie' | 'pagerduty';

export function actionTable(model: IncidentModel, style: ActionStyle): string {
  if (model.actionItems.length === 0) return '_No action item proposed: nothing in the journal called for one._';
  const verify = (a: ActionItem) => (a.verifyWith ? code(`faultline run ${a.verifyWith}`) : '—');
  const intro = 'Proposed from what the journal shows; the review decides, assigns and files them. Each item names the experiment whose re-run shows whether it worked.';
  let headers: string[];
  let rows: string[][];
  switch (style) {
    case 'kehoe':
      headers = ['Action Item', 'Type', 'Who', 'Priority', 'Bug #', 'Due Date', 'Verify with'];
      rows = model.actionItems.map((a) => [a.text, a.type, a.owner, a.priority, 'TODO', 'TODO', verify(a)]);
      break;
    case 'howie':
      headers = ['Follow-up item', 'Recovery or prevention', 'Type', 'Owner', 'Priority', 'Verify with'];
      rows = model.actionItems.map((a) => [a.text, a.followUp, a.type, a.owner, a.priority, verify(a)]);
      break;
    case 'pagerduty':
      headers = ['Action item', 'Type', 'Owner', 'Priority', 'Ticket', 'Verify with'];
      rows = model.actionItems.map((a) => [a.text, a.type, a.owner, a.priority, `TODO (tag ${ticketTag(model)})`, verify(a)]);
      break;
    default:
      headers = ['Action item', 'Type', 'Owner', 'Priority', 'Bug', 'Verify with'];
      rows = model.actionItems.map((a) => [a.text, a.type, a.owner, a.priority, 'TODO', verify(a)]);
  }
  return `${intro}\n\n${table(headers, rows)}`;
}

/** PagerDuty tags follow-up tickets `sev1_YYYYMMDD`; a drill gets its own: `drill_YYYYMMDD`. */
export function ticketTag(model: IncidentModel): string {
  return `drill_${utcDate(model.run.startedAt).replace(/-/g, '')}`;
}

export function supportingInformation(model: IncidentModel): string {
  const { experiment, run } = model;
  const rows: string[][] = [
    ['Experiment', `${code(experiment.file)}${experiment.name ? ` (${experiment.name})` : ''}`],
    ...(experiment.learningObjective ? [['Learning objective', experiment.learningObjective]] : []),
    ...(experiment.hypothesis ? [['Hypothesis', experiment.hypothesis]] : []),
    ['Seed', String(run.seed ?? '—')],
    ['System', `${run.mode ?? '—'}${run.host ? ` on host ${run.host}` : ''}`],
    ['Versions', run.versions ? `Faultline ${run.versions.faultline}, Node ${run.versions.node}` : '—'],
    ['Speed-up', experiment.speed === 1 ? 'none (durations as written)' : `×${experiment.speed} (durations ÷ ${experiment.speed}, SLO time scale × ${experiment.speed})`],
    ['Journal', `${lineLink(model, 1)} of ${code(run.journalFile)}${run.complete ? '' : ' (ends before run_finished: the run did not finish)'}`],
    ...(run.runDir ? [['Run folder', code(run.runDir)]] : []),
    ['Re-run', code(`faultline run ${experiment.file} --seed ${run.seed ?? 1}${experiment.speed !== 1 ? ` --speed ${experiment.speed}` : ''}`)],
    ['Regenerate this draft', code(`faultline postmortem ${run.journalFile}`)],
  ];
  const verdict = run.verdict ? `Verdict: **${run.verdict.result}** (exit ${run.verdict.exitCode}; ${lineLink(model, run.verdict.line)})${run.verdict.reasons.length > 0 ? `\n\n${run.verdict.reasons.map((r) => `- ${r}`).join('\n')}` : ''}` : 'The journal holds no verdict: the run did not finish.';
  const queries = [...new Set(model.timeline.flatMap((t) => t.evidence.filter((e) => e.kind === 'query').map((e) => (e.kind === 'query' ? e.promql : ''))))];
  const dashboards = queries.length > 0 ? `Queries behind the timeline (Prometheus, with the rules ${code('faultline slo compile')} writes for this time scale; Sloth's dashboards read the same series):\n\n${queries.map((q) => `- ${code(q)}`).join('\n')}` : '';
  return [table(['', ''], rows), verdict, dashboards].filter((p) => p !== '').join('\n\n');
}

export function notesList(model: IncidentModel): string {
  if (model.notes.length === 0) return '';
  return model.notes.map((n) => `- ${at(model, n.at)} ${n.role ? `(${n.role}) ` : ''}${n.text} (${lineLink(model, n.line)})`).join('\n');
}

export function roles(model: IncidentModel): string {
  return model.run.roles.length > 0 ? model.run.roles.join(', ') : 'none recorded in the journal';
}

export { statements };
