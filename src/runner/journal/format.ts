import type { CheckKind, FaultKind, FaultTarget, JournalToxic, ProcessAction } from './events.js';

/** Small formatting rules shared by the summary text and the JUnit report, so both say the same. */

/** A check's observed value in its kind's unit (see HypothesisCheck). */
export function formatObserved(kind: CheckKind, observed: number | null): string {
  if (observed === null) return 'no data';
  switch (kind) {
    case 'error_ratio':
    case 'budget':
      return formatPercent(observed);
    case 'latency':
      return `${trim(observed)} ms`;
    case 'burn_rate':
      return `${trim(observed)}×`;
    case 'probe':
      return observed >= 1 ? 'met' : 'not met';
  }
}

/** A fraction as a percentage with enough digits to tell 99.9 % from 99.95 %. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  const digits = Math.abs(percent) >= 10 ? 1 : Math.abs(percent) >= 1 ? 2 : 3;
  return `${Number(percent.toFixed(digits))} %`;
}

/** Milliseconds the way people read a run: 850 ms, 12.3 s, 4 min 05 s, 1 h 02 min. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(seconds / 3600)} h ${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')} min`;
}

/** The time of day of an RFC 3339 UTC time, "10:00:00.123" (runs rarely cross midnight). */
export function clockTime(iso: string): string {
  return iso.slice(11, 23);
}

/** "latency toxic on proxy gateway-catalog (downstream)", "kill of service payments", "resilience policy change on service orders → payments". */
export function describeFault(fault: { kind: FaultKind; target: FaultTarget; toxic?: JournalToxic; action?: ProcessAction }): string {
  const target = 'proxy' in fault.target ? `proxy ${fault.target.proxy}${fault.target.stream ? ` (${fault.target.stream})` : ''}` : `service ${fault.target.service}`;
  switch (fault.kind) {
    case 'toxic':
      return `${fault.toxic?.type ?? 'toxic'} toxic on ${target}`;
    case 'outage':
      return `outage of ${target}`;
    case 'process':
      return `${fault.action ?? 'process fault'} of ${target}`;
    case 'policy':
      return `resilience policy change on ${target}${'peer' in fault.target && fault.target.peer ? ` → ${fault.target.peer}` : ''}`;
  }
}

function trim(value: number): string {
  return String(Number(value.toFixed(2)));
}
