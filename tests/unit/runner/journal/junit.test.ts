import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { HypothesisCheck, JournalEventInput } from '../../../../src/runner/journal/events.js';
import { junitXml } from '../../../../src/runner/journal/junit.js';
import { expectGolden, sampleEvents } from './helpers.js';
import { RUN_STARTED, SAMPLE_RUN } from './sample-run.js';

type Step = [advanceMs: number, event: JournalEventInput];

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testcase', 'property'].includes(name), parseAttributeValue: false, textNodeName: '#text', htmlEntities: true });

/** Check the XML is well-formed, then parse it. */
function parse(xml: string): { testsuites: { tests: string; failures: string; errors: string; testsuite: { name: string; tests: string; failures: string; errors: string; testcase: Array<Record<string, unknown>> } } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml);
}

const check = (overrides: Partial<HypothesisCheck>): HypothesisCheck => ({ name: 'error ratio', kind: 'error_ratio', observed: 0, tolerance: '<= 1 %', ok: true, ...overrides });
const events = (...steps: Step[]) => sampleEvents([[0, RUN_STARTED], ...steps]);

describe('junitXml', () => {
  it('renders the sample run as the checked-in JUnit file', () => {
    expectGolden('deviated-run.junit.xml', junitXml(sampleEvents()));
  });

  it('renders a run that died with a fault in place as the checked-in JUnit file', () => {
    const crashed = SAMPLE_RUN.slice(0, SAMPLE_RUN.findIndex(([, e]) => e.type === 'note') + 1);
    expectGolden('crashed-run.junit.xml', junitXml(sampleEvents(crashed)));
  });

  it('has one test case per hypothesis check plus the two safety cases, with matching counts', () => {
    const { testsuites } = parse(junitXml(sampleEvents()));
    const suite = testsuites.testsuite;
    expect(suite.testcase.map((c) => c.name)).toEqual(['before: gateway error ratio', 'before: gateway p99', 'during: gateway error ratio', 'during: gateway p99', 'recovery: gateway error ratio', 'no fault left behind', 'run completed']);
    expect([testsuites.tests, testsuites.failures, testsuites.errors, suite.tests, suite.failures, suite.errors]).toEqual(['7', '1', '0', '7', '1', '0']);
    expect(suite.testcase[2]).toMatchObject({ classname: 'faultline.catalog-latency', failure: { message: 'observed 8 %, tolerance <= 1 %', type: 'error_ratio' } });
  });

  it.each([
    ['held', 0, undefined],
    ['deviated', 1, undefined],
    ['aborted', 2, { type: 'aborted', message: 'run aborted (exit 2): abort: p99 above 2 s' }],
    ['error', 4, { type: 'error', message: 'run error (exit 4): abort: p99 above 2 s' }],
  ] as const)('marks "run completed" for a %s verdict', (result, exitCode, error) => {
    const { testsuites } = parse(junitXml(events([0, { type: 'verdict', result, reasons: ['abort: p99 above 2 s'], exitCode }])));
    const completed = testsuites.testsuite.testcase.find((c) => c.name === 'run completed');
    expect(completed?.error).toEqual(error === undefined ? undefined : { ...error, '#text': 'abort: p99 above 2 s' });
  });

  it('fails "no fault left behind" for each fault without a successful removal', () => {
    const xml = junitXml(
      events(
        [0, { type: 'fault_injected', faultId: 'a', kind: 'outage', target: { proxy: 'gw-cat' }, plannedOffsetMs: 0 }],
        [0, { type: 'fault_injected', faultId: 'b', kind: 'process', target: { service: 'payments' }, action: 'pause', plannedOffsetMs: 0 }],
        [10, { type: 'fault_removed', faultId: 'b', kind: 'process', target: { service: 'payments' }, action: 'pause', plannedOffsetMs: 0, reason: 'rollback', error: 'ESRCH' }],
      ),
    );
    const failure = parse(xml).testsuites.testsuite.testcase.find((c) => c.name === 'no fault left behind')?.failure as Record<string, string>;
    expect(failure).toMatchObject({ type: 'safety', message: '2 fault(s) injected and never removed: a, b' });
    expect(failure['#text']).toBe('a: outage of proxy gw-cat, injected 2026-11-27T10:00:00.123Z; no removal recorded\nb: pause of service payments, injected 2026-11-27T10:00:00.123Z; removal failed: ESRCH');
  });

  it('numbers a check evaluated several times so every test case name is unique', () => {
    const during = (observed: number): Step => [1000, { type: 'hypothesis', when: 'during', ok: observed <= 0.01, checks: [check({ observed, ok: observed <= 0.01 })] }];
    const names = parse(junitXml(events(during(0), during(0.02), during(0)))).testsuites.testsuite.testcase.map((c) => c.name);
    expect(names.slice(0, 3)).toEqual(['during: error ratio #1', 'during: error ratio #2', 'during: error ratio #3']);
  });

  it.each([
    ['latency', 812.25, '<= 500 ms', 'observed 812.25 ms, tolerance <= 500 ms'],
    ['burn_rate', 14.4, '< 6×', 'observed 14.4×, tolerance < 6×'],
    ['budget', 0.125, '<= 10 %', 'observed 12.5 %, tolerance <= 10 %'],
    ['probe', 0, 'met', 'observed not met, tolerance met'],
    ['error_ratio', null, '<= 1 %', 'observed no data, tolerance <= 1 %'],
  ] as const)('states a failed %s check as observed vs tolerance', (kind, observed, tolerance, message) => {
    const xml = junitXml(events([0, { type: 'hypothesis', when: 'after', ok: false, checks: [check({ kind, observed, tolerance, ok: false })] }]));
    expect(parse(xml).testsuites.testsuite.testcase[0]?.failure).toMatchObject({ message });
  });

  it('escapes markup, quotes and line breaks, and replaces characters XML cannot carry', () => {
    const nasty = 'p99 < 1 s & "quoted" \'single\' ]]> <x/>\nline two\u0001\uD800 🙂';
    const xml = junitXml(
      sampleEvents([
        [0, { ...RUN_STARTED, experiment: { ...RUN_STARTED.experiment, title: nasty } }],
        [0, { type: 'hypothesis', when: 'before', ok: false, checks: [check({ name: nasty, tolerance: nasty, ok: false, observed: 0.5 })] }],
        [0, { type: 'verdict', result: 'deviated', reasons: [nasty], exitCode: 1 }],
      ]),
    );
    const cleaned = nasty.replace('\u0001', '\uFFFD').replace('\uD800', '\uFFFD');
    const { testsuites } = parse(xml);
    expect(testsuites.testsuite.name).toBe(cleaned);
    expect(testsuites.testsuite.testcase[0]).toMatchObject({ name: `before: ${cleaned}`, failure: { message: `observed 50 %, tolerance ${cleaned}` } });
    expect(xml).not.toContain('\u0001');
  });

  it('still gives a well-formed report for an empty journal', () => {
    const { testsuites } = parse(junitXml([]));
    expect(testsuites.testsuite.testcase.map((c) => [c.name, c.error === undefined])).toEqual([['no fault left behind', true], ['run completed', false]]);
  });
});
