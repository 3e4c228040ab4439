import { clockTime, formatElapsed, formatObserved, formatPercent } from './format.js';
import type { FaultSummary, JournalSummary } from './summary.js';

/**
 * `faultline journal show`'s readable page: plain text (no colour, so it reads the same in a CI
 * log and a terminal), verdict first, and faults left behind as loud as text gets. Pure.
 */
export function renderSummaryText(summary: JournalSummary): string {
  const out: string[] = [];
  const field = (name: string, value: string) => out.push(`${name.padEnd(12)}${value}`);

  field('Experiment', summary.experiment ? `${summary.experiment.title}  (${summary.experiment.file})` : '(no run_started event)');
  const span = summary.startedAt ? `${summary.startedAt.slice(0, 10)} ${clockTime(summary.startedAt)} → ${summary.endedAt ? clockTime(summary.endedAt) : '?'} UTC` : '?';
  const facts = [summary.durationMs !== undefined ? formatElapsed(summary.durationMs) : undefined, summary.seed !== undefined ? `seed ${summary.seed}` : undefined, summary.mode, summary.host ? `host ${summary.host}` : undefined];
  field('Run', `${span}  (${facts.filter(Boolean).join(', ')})`);
  if (summary.verdict) {
    field('Verdict', `${summary.verdict.result.toUpperCase()} (exit ${summary.verdict.exitCode})`);
    for (const reason of summary.verdict.reasons) out.push(`${''.padEnd(12)}- ${reason}`);
  } else {
    field('Verdict', 'none recorded');
  }
  if (!summary.complete) out.push('', 'INCOMPLETE: the journal ends without run_finished: the runner stopped before the end (crash, kill, power loss).');
  if (summary.faultsLeftBehind.length > 0) out.push('', ...leftBehindBanner(summary.faultsLeftBehind));

  section(out, 'Phases', summary.phases.map((p) => [p.phase, p.status, p.startedAt ? clockTime(p.startedAt) : '', p.durationMs !== undefined ? formatElapsed(p.durationMs) : '', p.detail ?? '']));
  section(
    out,
    'Faults',
    summary.faults.map((f) => [
      f.faultId,
      f.description,
      `${clockTime(f.injectedAt)} → ${f.removedAt ? clockTime(f.removedAt) : 'NEVER REMOVED'}`,
      f.durationMs !== undefined ? formatElapsed(f.durationMs) : '',
      [f.removal ? `removed (${f.removal})` : '', f.injectError ? `injection error: ${f.injectError}` : '', ...f.removeErrors.map((e) => `removal failed: ${e}`)].filter(Boolean).join('; '),
    ]),
  );

  if (summary.hypotheses.length > 0) {
    out.push('', 'Hypothesis');
    for (const h of summary.hypotheses) {
      out.push(`  ${h.when.padEnd(9)} ${clockTime(h.time)}  ${h.ok ? 'held' : 'DEVIATED'}`);
      for (const row of table(h.checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.name, `${formatObserved(c.kind, c.observed)}`, `(${c.tolerance})`, c.window ? `over ${c.window}` : '']))) out.push(`    ${row}`);
    }
  }

  const load = summary.load;
  if (load.seconds > 0) {
    const ratio = load.errorRatio === null ? 'no completions' : formatPercent(load.errorRatio);
    const p99 = load.worstP99Ms === null ? '' : `; worst p99 ${load.worstP99Ms} ms${load.worstP99Second !== undefined ? ` at ${clockTime(new Date(load.worstP99Second * 1000).toISOString())}` : ''}`;
    out.push('', `${'Load'.padEnd(12)}${load.sent} sent, ${load.ok} ok, ${load.failed} failed (${ratio}), ${load.missed} missed over ${load.seconds} s${p99}`);
  }
  section(out, 'Budgets', summary.budgets.map((b) => [b.slo, `burned ${formatPercent(b.burned)} of the period's budget during the run`, `${formatPercent(b.remaining)} left`, firing(b.firing)]));
  section(out, 'Alerts', summary.alerts.map((a) => [a.alertname, [a.severity, a.slo].filter(Boolean).join(', '), `${a.firedAt ? `fired ${clockTime(a.firedAt)}` : `started ${clockTime(a.startsAt)}`}${a.resolvedAt ? ` → resolved ${clockTime(a.resolvedAt)}` : ', still firing at the end'}`, a.source]));
  section(out, 'Aborts', summary.aborts.map((a) => [clockTime(a.time), a.condition, a.reason]));
  if (summary.rollbacks.total > 0) {
    out.push('', `${'Rollbacks'.padEnd(12)}${summary.rollbacks.total}, ${summary.rollbacks.failed.length} failed`);
    for (const f of summary.rollbacks.failed) out.push(`  FAILED ${f.faultId} at ${clockTime(f.time)}${f.error ? `: ${f.error}` : ''}`);
  }
  if (summary.probes.failed.length > 0) section(out, `Probes (${summary.probes.failed.length} of ${summary.probes.total} failed)`, summary.probes.failed.map((p) => [clockTime(p.time), p.name, p.error ?? '']));
  section(out, 'Notes', summary.notes.map((n) => [clockTime(n.time), n.role ?? '', n.text]));
  section(out, 'Warnings', summary.warnings.map((w) => [w]));
  return `${out.join('\n')}\n`;
}

/** The lines `journal show` also prints on standard error, so nobody scrolls past them. */
export function leftBehindBanner(faults: readonly FaultSummary[]): string[] {
  const n = faults.length;
  return [
    `!!! SAFETY: ${n} FAULT${n === 1 ? ' WAS' : 'S WERE'} INJECTED AND NEVER REMOVED: ${n === 1 ? 'IT' : 'THEY'} MAY STILL BE ACTIVE !!!`,
    ...faults.map((f) => `!!!   ${f.faultId}: ${f.description}, injected ${clockTime(f.injectedAt)}${f.lease ? `, lease ${formatElapsed(f.lease.ttlMs)} (holder ${f.lease.holder})` : ', no lease'}${f.removeErrors.length ? `; removal failed: ${f.removeErrors.join('; ')}` : ''}`),
    '!!!   Check the proxy now (GET /proxies, GET /leases) and remove it (POST /reset removes every toxic).',
  ];
}

function section(out: string[], title: string, rows: string[][]): void {
  if (rows.length === 0) return;
  out.push('', title, ...table(rows).map((row) => `  ${row}`));
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

function firing(state: { page: boolean; ticket: boolean }): string {
  const tiers = [state.page ? 'page' : '', state.ticket ? 'ticket' : ''].filter(Boolean);
  return tiers.length ? `firing: ${tiers.join(', ')}` : 'not firing';
}
