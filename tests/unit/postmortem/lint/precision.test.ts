import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../../src/postmortem/lint/lint.js';
import { parseRoster } from '../../../../src/postmortem/lint/roster.js';
import { brief, lintIn } from './helpers.js';

/**
 * Precision: generated post-mortem drafts must pass with zero findings. These are sentences of the
 * shapes src/postmortem/incident/ writes (facts, prompts, action items, timeline rows), with numbers
 * filled in, in the sections they appear in.
 */
const DRAFT_SENTENCES: ReadonlyArray<readonly [section: string, text: string]> = [
  ['Summary', '"Checkout survives a slow catalog" ran from 10:00:00.123 to 10:12:30.000 UTC on 2026-11-27 against the embedded shop system; verdict: deviated.'],
  ['Summary', 'While faults were in place, 41 of 1,200 requests failed (3.4 %), between 1 and 3 answered later than 500 ms and the worst per-second p99 was 1,204.5 ms.'],
  ['Summary', 'The first alert (page, CheckoutAvailabilityFastBurn) fired 1.0 s after fault payments-down began.'],
  ['Impact', "gateway-availability had already spent 104.2 % of its period's error budget when the run began."],
  ['Timeline', 'Fault payments-down injected: the payments service stops answering; the injection reported an error (timeout), so it may or may not be in place.'],
  ['Timeline', 'Removal of fault payments-down reported an error (connection refused): the fault stays in place.'],
  ['Timeline', 'Check "checkout error ratio" first out of tolerance (during): observed 3.4 %, tolerance < 1 %.'],
  ['Timeline', 'no page fired; the first alert was a ticket (CheckoutLatencySlowBurn at 10:03:00.000), which does not page anyone.'],
  ['Timeline', 'the exit criterion needs 30 s of nominal load after OUTAGE ENDS; exit criterion met: 30 s of nominal load since OUTAGE ENDS.'],
  ['Timeline', 'Abort condition "budget" tripped: more than 50 % of the gateway-availability budget consumed.'],
  ['Contributing factors', 'The Payments outage (fault payments-down) reached the load: 41 of 1,200 requests failed (3.4 %). What let it reach gateway\'s clients, and which request kinds depended on payments?'],
  ['Contributing factors', 'The load stayed impaired for 12.0 s after the last fault was removed. What held it there — for example a circuit breaker waiting to half-open, a connection pool, queued work?'],
  ['What went well', 'Requests failed fast during fault payments-down: the worst per-second p99 was 12.5 ms, against 11.8 ms in the baseline, so failing requests came back about as quickly as successful ones did before the fault.'],
  ['What went wrong', 'No alert fired for fault catalog-slow, although it impaired the load from 10:04:00.000 (2 of 300 requests failed (0.7 %)) and burned 1.2 % of gateway-latency\'s budget.'],
  ['What went wrong', 'The run stopped before fault inventory-kill was injected, so the experiment did not test it.'],
  ['Where we got lucky', 'gateway-latency burned 4.1 % of its budget and no alert fired. At the rate seen during the fault, the remaining 95.9 % lasts about 3 h 20 min. What signal shows a longer fault of this kind before the budget is gone?'],
  ['Where we got lucky', "Fault payments-down ended on the experiment's schedule after 4 min 05 s; outside an experiment nothing removes it on a timer. Which signal and which runbook step lead a responder to the dependency it hit?"],
  ['Questions', 'What did each responder look at first (an alert, a dashboard, a log), and what did it show at that moment?'],
  ['Questions', 'The hypothesis was: "Checkout stays up when payments is slow" What made that expectation reasonable before the run, and what does the result change in our model of the system?'],
  ['Questions', 'How did orders\' retries behave — how much load did they add to payments, and is there a retry budget on this call that held? What should the retry budget be?'],
  ['Questions', 'The abort condition "budget" stopped the run at 10:06:00.000 (more than 50 % consumed). Does that line match the share of the error budget this exercise may spend, and did it stop the run early enough?'],
  ['Questions', 'The journal holds 3 notes written during the run (by Alice and Bob). Where do their times differ from the timeline, and what do they record that the data does not show?'],
  ['Questions', 'What surprised us, and what do we know now that we did not know before the run?'],
  ['Action items', 'Remove fault payments-down (the payments service stops answering), which has no recorded removal, and confirm with GET /proxies that nothing of this run is left.'],
  ['Action items', 'Add an alert on gateway that opens at least a ticket when the load shows an error ratio above 0.1 % for as long as fault payments-down lasted (4 min 05 s); done when a re-run of the verifying experiment records that alert.'],
  ['Action items', 'Bring gateway back to nominal within 30 s of payments recovering (this run: 42.0 s).'],
  ['Action items', "Apply the error-budget policy of gateway-availability: this run spent 12.3 % of its period's budget, leaving 87.7 %."],
  ['Action items', 'Record the decision on the abort line "budget" in experiments/payments-down.yaml (it tripped with: more than 50 % consumed): keep it, or move it and say by how much.'],
  ['Action items', 'Re-run experiments/payments-down.yaml with seed 42 once the items above land, and compare time to detect, budget burned and time back to nominal with this draft.'],
];

describe('precision on generated drafts', () => {
  it.each(DRAFT_SENTENCES)('in %s, passes "%s"', (section, text) => {
    expect(lintIn(text, section)).toEqual([]);
  });

  it('passes the blameless fixture, with its roster, with zero findings', () => {
    const roster = parseRoster(readFileSync(new URL('../../../fixtures/postmortems/roster.txt', import.meta.url), 'utf8'));
    const text = readFileSync(new URL('../../../fixtures/postmortems/blameless.md', import.meta.url), 'utf8');
    expect(lintMarkdown(text, { roster })).toEqual([]);
  });
});

describe('the blameful fixture', () => {
  const roster = parseRoster(readFileSync(new URL('../../../fixtures/postmortems/roster.txt', import.meta.url), 'utf8'));
  const findings = lintMarkdown(readFileSync(new URL('../../../fixtures/postmortems/blameful.md', import.meta.url), 'utf8'), { roster, file: 'blameful.md' });

  it('finds every problem, where it starts, with the severity its section gives it', () => {
    expect(brief(findings)).toEqual([
      'names/name-as-cause@7:34 error',
      'root-cause/singular@7:69 warning',
      'blame/human-error@8:1 error',
      'counterfactual/should-have@8:35 error',
      'hindsight/obviously@9:29 warning',
      'counterfactual/could-have@9:48 error',
      'framing/overstated-impact@10:23 warning',
      'tone/exclamation@10:37 warning',
      'hindsight/everyone-knows@14:1 warning',
      'blame/blamed@14:62 error',
      'names/name-as-cause@18:9 error',
      'blame/by-mistake@18:32 error',
      'names/roster-name@19:25 warning',
      'blame/missed-the-alert@19:31 error',
      'names/roster-name@20:9 warning',
      'question/why-didnt-person@20:36 info',
      'counterfactual/should-have@20:65 info',
      'names/roster-name@21:9 warning',
      'names/roster-name@23:3 info',
      'hindsight/must-have-known@23:26 info',
      'blame/ignored@31:16 error',
      'judgement/not-careful-enough@32:20 error',
      'tone/animated@32:74 warning',
      'counterfactual/failed-to@33:15 error',
      'minimising/just@33:42 warning',
      'framing/insufficient-monitoring@34:13 warning',
      'counterfactual/alternate-reality@35:3 error',
      'names/singled-out@41:13 error',
      'not-a-control/be-vigilant@42:19 warning',
      'blame/not-the-first-time@42:49 error',
      'blame/not-soon-enough@42:79 error',
      'question/why-did-person@46:3 warning',
      'question/who-did-it@46:36 warning',
      'action-item/vague@50:3 warning',
      'action-item/investigate@51:3 warning',
      'action-item/train-humans@52:3 error',
      'action-item/someone-needs-to@53:3 error',
      'not-a-control/remind-people@54:3 error',
      'suppression/unknown-rule@55:34 error',
      'action-item/fix-the-issue@56:3 warning',
    ]);
  });

  it('suggests the role the roster gives', () => {
    const alice = findings.find((f) => f.rule === 'names/roster-name' && f.line === 19);
    expect(alice?.suggest).toMatch(/^Refer to the role, not the person: "the on-call engineer"/);
  });
});
