import { RUN_EXIT_CODES, type RunExitCode, type VerdictResult } from './journal/events.js';

/**
 * The verdict of a run from what happened, in order of precedence: an environment error (including
 * a fault that could not be removed: a safety failure) beats an abort, which beats a deviation.
 * Pure, so every combination is tested without a system.
 */
export interface RunFacts {
  /** Why the run could not do its job (a fault failed to inject, the system fell over, ...). */
  errors: readonly string[];
  /** Faults still in place after every rollback attempt. */
  leftBehind: readonly string[];
  /** The abort condition or manual stop that ended the run early. */
  abort?: string;
  /** Each failed hypothesis judgement, in words. */
  deviations: readonly string[];
  /** A problem with the journal itself (see journalHealthProblem). */
  journalProblem?: string;
}

export interface Verdict {
  result: VerdictResult;
  reasons: string[];
  exitCode: RunExitCode;
}

export function decideVerdict(facts: RunFacts): Verdict {
  const journal = facts.journalProblem ? [facts.journalProblem] : [];
  if (facts.leftBehind.length > 0 || facts.errors.length > 0) {
    const left = facts.leftBehind.map((fault) => `fault left behind after rollback: ${fault} (run \`faultline panic\`)`);
    return { result: 'error', reasons: [...left, ...facts.errors, ...journal], exitCode: RUN_EXIT_CODES.environmentError };
  }
  if (facts.abort) return { result: 'aborted', reasons: [facts.abort, ...facts.deviations, ...journal], exitCode: RUN_EXIT_CODES.aborted };
  if (facts.deviations.length > 0) return { result: 'deviated', reasons: [...facts.deviations, ...journal], exitCode: RUN_EXIT_CODES.deviated };
  return { result: 'held', reasons: ['the steady state held before, during and after the faults', ...journal], exitCode: RUN_EXIT_CODES.held };
}
