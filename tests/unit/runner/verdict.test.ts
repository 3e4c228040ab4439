import { describe, expect, it } from 'vitest';
import { RUN_EXIT_CODES } from '../../../src/runner/journal/events.js';
import { decideVerdict, type RunFacts } from '../../../src/runner/verdict.js';

const nothing: RunFacts = { errors: [], leftBehind: [], deviations: [] };

describe('decideVerdict', () => {
  it.each<{ when: string; facts: Partial<RunFacts>; result: string; exitCode: number }>([
    { when: 'nothing went wrong', facts: {}, result: 'held', exitCode: RUN_EXIT_CODES.held },
    { when: 'a check failed', facts: { deviations: ['during: orders failed'] }, result: 'deviated', exitCode: RUN_EXIT_CODES.deviated },
    { when: 'an abort condition fired', facts: { abort: 'aborted: 80 % of requests failed' }, result: 'aborted', exitCode: RUN_EXIT_CODES.aborted },
    { when: 'an abort followed a deviation', facts: { abort: 'stopped by hand', deviations: ['during: orders failed'] }, result: 'aborted', exitCode: RUN_EXIT_CODES.aborted },
    { when: 'the environment failed', facts: { errors: ['the system could not be started'] }, result: 'error', exitCode: RUN_EXIT_CODES.environmentError },
    { when: 'an error came with an abort and a deviation', facts: { errors: ['could not inject x'], abort: 'stopped', deviations: ['d'] }, result: 'error', exitCode: RUN_EXIT_CODES.environmentError },
    { when: 'a fault was left behind', facts: { leftBehind: ['slow: proxy gone'] }, result: 'error', exitCode: RUN_EXIT_CODES.environmentError },
    { when: 'a fault was left behind after an abort', facts: { leftBehind: ['slow: proxy gone'], abort: 'stopped' }, result: 'error', exitCode: RUN_EXIT_CODES.environmentError },
  ])('when $when, the run is $result (exit $exitCode): error > aborted > deviated > held', ({ facts, result, exitCode }) => {
    const verdict = decideVerdict({ ...nothing, ...facts });
    expect(verdict.result).toBe(result);
    expect(verdict.exitCode).toBe(exitCode);
  });

  it('says the steady state held when it did', () => {
    expect(decideVerdict(nothing).reasons).toEqual(['the steady state held before, during and after the faults']);
  });

  it('gives every deviation as a reason, in order', () => {
    expect(decideVerdict({ ...nothing, deviations: ['first', 'second'] }).reasons).toEqual(['first', 'second']);
  });

  it('puts the abort first and keeps the deviations seen before it', () => {
    expect(decideVerdict({ ...nothing, abort: 'stopped by hand', deviations: ['during: x'] }).reasons).toEqual(['stopped by hand', 'during: x']);
  });

  it('names a fault left behind first, tells the user to press panic, then the errors; deviations and aborts are not reasons of an error', () => {
    const verdict = decideVerdict({ errors: ['could not inject b'], leftBehind: ['slow: 500'], abort: 'stopped', deviations: ['d'] });
    expect(verdict.reasons).toEqual(['fault left behind after rollback: slow: 500 (run `faultline panic`)', 'could not inject b']);
  });

  it.each<[string, Partial<RunFacts>]>([
    ['held', {}],
    ['deviated', { deviations: ['d'] }],
    ['aborted', { abort: 'a' }],
    ['error', { errors: ['e'] }],
  ])('adds a journal problem to the reasons of a %s run without changing the result', (result, facts) => {
    const verdict = decideVerdict({ ...nothing, ...facts, journalProblem: 'the journal is incomplete' });
    expect(verdict.result).toBe(result);
    expect(verdict.reasons.at(-1)).toBe('the journal is incomplete');
  });
});
