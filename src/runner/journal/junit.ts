import type { HypothesisCheck, JournalEvent, RunStartedEvent } from './events.js';
import { formatObserved } from './format.js';
import { summariseJournal, type JournalSummary } from './summary.js';

/**
 * A run as JUnit XML, so CI shows chaos experiments next to the other tests (litmus#2839 asks for
 * this; Chaos Toolkit has none). One <testsuite> per run; one <testcase> per hypothesis check,
 * named "<when>: <check name>", failing with observed vs tolerance; and two safety cases:
 * - "no fault left behind" fails when an injected fault has no successful removal;
 * - "run completed" errors when the run was aborted, ended in error or has no verdict (a crash), so
 *   a run stopped before its checks cannot show up green.
 * The attribute set is the one Jenkins, GitLab and GitHub reporters all read (Ant's JUnit schema).
 * Pure and deterministic: the same journal gives the same bytes.
 */
export function junitXml(events: readonly JournalEvent[]): string {
  const summary = summariseJournal(events);
  const started = events.find((e): e is RunStartedEvent => e.type === 'run_started');
  const classname = `faultline.${(started?.experiment.file ?? 'unknown').replace(/^.*\//, '').replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '_') || 'experiment'}`;
  const cases = [...checkCases(summary), leftBehindCase(summary), completedCase(summary)];
  const failures = cases.filter((c) => c.outcome?.tag === 'failure').length;
  const errors = cases.filter((c) => c.outcome?.tag === 'error').length;
  const seconds = ((summary.durationMs ?? 0) / 1000).toFixed(3);

  const properties: Array<[string, string | number | undefined]> = [
    ['experiment.file', started?.experiment.file],
    ['seed', started?.seed],
    ['mode', started?.mode],
    ['faultline.version', started?.versions.faultline],
    ['journal.format', started?.formatVersion],
    ['verdict', summary.verdict?.result],
    ['exit.code', summary.verdict?.exitCode],
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${seconds}">`,
    `  <testsuite${attributes({
      name: summary.experiment?.title ?? 'faultline run',
      tests: cases.length,
      failures,
      errors,
      skipped: 0,
      time: seconds,
      // Ant's schema: local date-time without zone; ours is UTC.
      timestamp: summary.startedAt?.slice(0, 19),
      hostname: summary.host,
    })}>`,
    '    <properties>',
    ...properties.filter(([, value]) => value !== undefined).map(([name, value]) => `      <property${attributes({ name, value })}/>`),
    '    </properties>',
  ];
  for (const c of cases) {
    const open = `    <testcase${attributes({ classname, name: c.name, time: '0' })}`;
    if (!c.outcome) {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`, `      <${c.outcome.tag}${attributes({ message: c.outcome.message, type: c.outcome.type })}>${text(c.outcome.body)}</${c.outcome.tag}>`, '    </testcase>');
  }
  const out = summary.verdict ? [`verdict: ${summary.verdict.result} (exit ${summary.verdict.exitCode})`, ...summary.verdict.reasons.map((r) => `- ${r}`)] : ['no verdict recorded'];
  lines.push(`    <system-out>${text(out.join('\n'))}</system-out>`, '  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

interface TestCase {
  name: string;
  outcome?: { tag: 'failure' | 'error'; type: string; message: string; body: string };
}

function checkCases(summary: JournalSummary): TestCase[] {
  const all = summary.hypotheses.flatMap((h) => h.checks.map((check) => ({ when: h.when, time: h.time, check, name: `${h.when}: ${check.name}` })));
  // A check evaluated several times (continuously during the faults) gets one case per evaluation.
  const total = new Map<string, number>();
  for (const c of all) total.set(c.name, (total.get(c.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  return all.map(({ when, time, check, name }) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    const unique = (total.get(name) ?? 1) > 1 ? `${name} #${n}` : name;
    return check.ok ? { name: unique } : { name: unique, outcome: { tag: 'failure', type: check.kind, message: `observed ${formatObserved(check.kind, check.observed)}, tolerance ${check.tolerance}`, body: checkBody(when, time, check) } };
  });
}

function checkBody(when: string, time: string, check: HypothesisCheck): string {
  return [
    `hypothesis: ${when} at ${time}`,
    `check: ${check.name} (${check.kind})`,
    ...(check.slo ? [`slo: ${check.slo}`] : []),
    ...(check.window ? [`window: ${check.window}`] : []),
    `observed: ${check.observed === null ? 'null (no data)' : check.observed}`,
    `tolerance: ${check.tolerance}`,
  ].join('\n');
}

function leftBehindCase(summary: JournalSummary): TestCase {
  const left = summary.faultsLeftBehind;
  if (left.length === 0) return { name: 'no fault left behind' };
  const body = left.map((f) => `${f.faultId}: ${f.description}, injected ${f.injectedAt}${f.removeErrors.length ? `; removal failed: ${f.removeErrors.join('; ')}` : '; no removal recorded'}`).join('\n');
  return { name: 'no fault left behind', outcome: { tag: 'failure', type: 'safety', message: `${left.length} fault(s) injected and never removed: ${left.map((f) => f.faultId).join(', ')}`, body } };
}

function completedCase(summary: JournalSummary): TestCase {
  const verdict = summary.verdict;
  if (verdict && (verdict.result === 'held' || verdict.result === 'deviated')) return { name: 'run completed' };
  const message = verdict ? `run ${verdict.result} (exit ${verdict.exitCode})${verdict.reasons[0] ? `: ${verdict.reasons[0]}` : ''}` : 'no verdict: the journal ends before the run did';
  return { name: 'run completed', outcome: { tag: 'error', type: verdict?.result ?? 'incomplete', message, body: verdict ? verdict.reasons.join('\n') : `last event at ${summary.endedAt ?? 'unknown'}` } };
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${attribute(String(value))}"`)
    .join('');
}

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes, and line breaks and tabs, which parsers would turn into spaces. */
function attribute(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
