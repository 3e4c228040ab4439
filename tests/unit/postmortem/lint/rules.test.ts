import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../../src/postmortem/lint/lint.js';
import { FAMILIES, RULES } from '../../../../src/postmortem/lint/registry.js';
import { lintIn, ROSTER, rulesOf } from './helpers.js';

/**
 * The rule table: for every rule, a sentence it flags and a sentence it leaves alone. The clean
 * sentence is usually the reference's reframing (§3.1) or a near miss that blameless prose needs
 * ("every alert should have a runbook", "the health check failed to connect"), and it must come out
 * with no finding at all, from any rule. Examples sit in Contributing factors (an analysis section)
 * unless a third column names another section.
 */
const TABLE: ReadonlyArray<readonly [id: string, flagged: string, clean: string, section?: string]> = [
  ['counterfactual/should-have', 'The on-call engineer should have rolled back the deploy.', 'Every alert should have a runbook link, and the page should fire at 14.4×.'],
  ['counterfactual/could-have', 'A canary could have prevented the outage.', 'A canary stage might catch this class of change; see Action items.'],
  ['counterfactual/would-have', 'A second reviewer would have caught the typo.', 'The retry budget would need 20 % headroom to absorb this load.'],
  ['counterfactual/failed-to', 'The on-call failed to escalate.', 'The health check failed to connect, and 3 requests failed to complete within 2 s.'],
  ['counterfactual/situational-awareness', 'The responders lost situational awareness.', 'The dashboard the on-call had open did not show queue depth.'],
  ['counterfactual/alternate-reality', 'If service X had rate limited the requests, it would not have failed.', 'Service X sent 1,200 requests per second to the database; it had no rate limit.'],
  ['hindsight/should-have-known', 'Anyone on the team should have known the flag was unsafe.', 'The system allowed an invalid state: the flag accepted any value.'],
  ['hindsight/must-have-known', 'Someone must have known this was a bad idea.', 'Were there warning signs, and what made them easy to dismiss then?'],
  ['hindsight/obviously', 'The config change was obviously wrong.', 'The cause was not obvious at the time: the diff looked like a routine rename.'],
  ['hindsight/of-course', 'Of course the cache was cold after the restart.', 'The cache was cold after the restart, which the runbook did not mention.'],
  ['hindsight/everyone-knows', 'Everyone knows you never deploy on a Friday.', 'The Friday deploy freeze is written down nowhere; two of five responders knew of it.'],
  ['blame/human-error', 'The incident was caused by human error.', "The script had no rate limit and the docs were out of date; our system didn't prevent this error."],
  ['blame/ignored', 'The engineer ignored the automation and ran it manually.', 'The client ignored the Retry-After header and retried at once.'],
  ['blame/never-did', 'The team never wrote any documentation for the workflow.', 'The runbook never mentioned that the workflow must not be re-run.'],
  ['blame/not-soon-enough', 'On-call did not act soon enough.', 'Machines were taken at 16:38; the first page fired at 17:10; the service was too slow to respond during the drain.'],
  ['blame/not-the-first-time', 'This is not the first time the deploy went wrong.', 'The same fault signature appeared in two earlier runs (see Recurrence).'],
  ['blame/forgot-to', 'The deployer forgot to drain the node.', 'No automation drains a node before a deploy.'],
  ['blame/didnt-follow-process', "The responder didn't follow the runbook.", 'The runbook did not fit this case: it assumes a single region.'],
  ['blame/by-mistake', 'A developer deployed to prod by mistake.', 'The deploy tool accepted a production target without confirmation.'],
  ['blame/someones-mistake', "It was the engineer's mistake.", "The proxy's fault ended at 14:05, and the gateway's error ratio and the team's error budget recovered."],
  ['blame/lacked-knowledge', 'The engineer lacked proper knowledge of the system.', 'The runbook did not cover production conditions; the change was tested locally.'],
  ['blame/blamed', 'The release team is to blame.', 'No individual or team is blamed; this review is blameless and blame-aware.'],
  ['blame/held-responsible', 'The deployer is held solely responsible.', 'No one is held responsible; the review looks at gaps in system design.'],
  ['blame/scapegoat', 'The intern became the scapegoat.', 'The review abstracts to any responder in that position.'],
  ['blame/missed-the-alert', 'The on-call missed the page.', 'The page arrived during a storm of 40 alerts; the load generator recorded 12 missed starts.'],
  ['blame/not-my-fault', "That's not my job.", "I'll find who owns this and get back to you by Friday."],
  ['judgement/careless', 'A careless edit removed the filter.', 'An edit removed the filter; the editor showed no preview of the result.'],
  ['judgement/not-careful-enough', 'The operator was not careful enough when running the command.', "The command ran against all hosts because an empty filter means 'all'."],
  ['judgement/lazy', 'It was a lazy shortcut.', 'Lazy loading of the catalog delayed the first request by 200 ms.'],
  ['judgement/sloppy', 'The migration script was sloppy.', 'The migration script had no dry-run mode.'],
  ['judgement/incompetent', 'An incompetent reviewer approved it.', 'The reviewer approved it; the diff hid the change in a generated file.'],
  ['judgement/negligent', 'Deploying without a canary was negligent.', 'The deploy went out without a canary stage, which the pipeline does not require.'],
  ['judgement/stupid', 'That was a stupid mistake.', 'It is an easy mistake to make: the two flags differ by one letter.'],
  ['judgement/bad-apple', 'One bad apple took down checkout.', 'One unguarded command took down checkout for 4 minutes.'],
  ['root-cause/singular', 'The root cause was a bad config push.', 'Contributing factors were a config push without validation and a retry storm; root cause analysis lists both.'],
  ['root-cause/person', 'The root cause was the on-call engineer running the script twice.', 'Contributing factors include a workflow that can be re-run by hand.'],
  ['names/name-as-cause', 'Checkout went down because Alice pushed a bad config.', 'Checkout went down because the config push had no validation.'],
  ['names/singled-out', 'The team (especially Alice and Bob) kept the workflow undocumented.', 'The workflow had no documentation, especially for re-runs.'],
  ['names/roster-name', 'Alice rolled back the deployment at 14:20.', 'The on-call engineer rolled back the deployment at 14:20.'],
  ['question/why-did-person', 'Why did you restart the primary?', 'Why did the alert fire late? Why were we surprised? How did you decide to restart the primary?'],
  ['question/why-didnt-person', "Why didn't you catch this in review?", 'What process gap let this through, and why did the canary not catch it?'],
  ['question/who-did-it', 'Who pushed that code?', 'The engineer who deployed the change joined at 14:10. What allowed this to reach production?'],
  ['question/leading-role', "You're the manager; why aren't you making sure everyone finishes the training?", 'Should the training be required before joining the rotation?'],
  ['minimising/just', 'They could just restart the pod.', 'The page fired just before the fault was removed, just as planned.'],
  ['minimising/simply', 'The responder simply had to flip the flag back.', 'Flipping the flag back takes two steps and needs the admin token.'],
  ['minimising/easy', 'It was an easy fix.', 'The alert was easy to miss among 40 others.'],
  ['not-a-control/pay-attention', 'The on-call should have paid more attention to the dashboard.', 'The dashboard did not show queue depth.'],
  ['not-a-control/be-more-careful', 'Be more careful next time when editing the load balancer.', 'Editing the load balancer now asks for a confirmation.'],
  ['not-a-control/remind-people', "We'll remind people to be more careful.", 'An automated safeguard (owner: platform team, FL-42) blocks the command.', 'Action items'],
  ['not-a-control/be-vigilant', 'Lesson: be more vigilant during deploys.', 'Lesson: alert when more than 5 % of machines are removed.', 'Lessons learned'],
  ['action-item/needs-to-learn', 'The new on-caller needs to learn the hand-off protocol.', 'Add a hand-off checklist to the on-call tooling.', 'Action items'],
  ['action-item/train-humans', 'Train humans not to run unsafe commands.', 'The traffic admin server asks a safety-check service to approve destructive work.', 'Action items'],
  ['action-item/vague', 'Improve paging and alerting.', 'Page when 5 % of capacity is removed (P1, owner: Alice, FL-12).', 'Action items'],
  ['action-item/investigate', 'Investigate monitoring for this scenario.', 'Add alerting for all cases where this service returns >1% errors.', 'Action items'],
  ['action-item/fix-the-issue', 'Fix the issue that caused the outage.', 'Handle an invalid postal code in the address form safely.', 'Action items'],
  ['action-item/make-sure', 'Make sure the engineer checks the DB schema can be parsed before updating.', 'Add an automated presubmit check for schema changes, and make sure the alert links the runbook.', 'Action items'],
  ['action-item/someone-needs-to', 'Someone needs to update the runbook.', 'Update the runbook (owner: Bob, FL-7).', 'Action items'],
  ['tone/animated', 'The retry settings, which is ridiculous, tripled the load.', 'The retry settings tripled the load (from 400 to 1,200 requests per second).'],
  ['tone/disbelief', "I can't believe we survived this one.", 'Core capacity absorbed all edge traffic (1,200 QPS, 180 % of normal).'],
  ['tone/exclamation', 'We survived this one!!!', 'Did the breaker open? Yes: at 14:03. Done!'],
  ['tone/venting', "If I get paged one more time I'll rewrite it myself.", 'An action item to rewrite the backend might prevent these pages; the manual is long and hard to train on.'],
  ['framing/insufficient-monitoring', 'There was insufficient monitoring to detect the elevated CPU.', 'CPU rose from 40% to 95% at 18:02; no alert fired.'],
  ['framing/overstated-impact', 'It was a massive outage.', 'OUTAGE BEGINS at 14:02: 36.7 % of checkout requests failed for 4 min 05 s; disaster recovery was not needed.'],
];

const languageRules = RULES.filter((rule) => rule.family !== 'suppression');

describe('the rule table', () => {
  const rows = TABLE.map(([id, flagged, clean, section]) => ({ id, flagged, clean, section: section ?? 'Contributing factors' }));
  it.each(rows)('$id flags "$flagged" and passes "$clean"', ({ id, flagged, clean, section }) => {
    expect(rulesOf(lintIn(flagged, section))).toContain(id);
    expect(lintIn(clean, section)).toEqual([]);
  });

  it('gives every rule a flagged and a clean example', () => {
    expect(TABLE.map(([id]) => id).sort()).toEqual(languageRules.map((rule) => rule.id).sort());
  });

  it("flags each rule's documented example, where its severity is not off", () => {
    for (const rule of languageRules) {
      const section = rule.severity.analysis === 'off' ? 'Action items' : 'Contributing factors';
      expect(rulesOf(lintIn(rule.example, section)), rule.id).toContain(rule.id);
    }
  });
});

describe('the registry', () => {
  it('holds at least 45 language rules, covering all 45 rows of the reference table', () => {
    expect(languageRules.length).toBeGreaterThanOrEqual(45);
    const rows = new Set(languageRules.flatMap((rule) => rule.entries));
    expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
  });

  it('names every rule <family>/<name> in lower-case words, each with a reason, a reframing and an example', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(?:-[a-z]+)*\/[a-z]+(?:-[a-z]+)*$/);
      expect(rule.id.startsWith(`${rule.family}/`)).toBe(true);
      expect(rule.reason.length, rule.id).toBeGreaterThan(5);
      expect(rule.suggest.length, rule.id).toBeGreaterThan(5);
      expect(rule.example.length, rule.id).toBeGreaterThan(5);
    }
    expect(FAMILIES).toEqual(['counterfactual', 'hindsight', 'blame', 'judgement', 'root-cause', 'names', 'question', 'minimising', 'not-a-control', 'action-item', 'tone', 'framing', 'suppression']);
  });

  it('supersedes only rules that exist', () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    for (const rule of RULES) for (const other of rule.supersedes) expect(ids.has(other), `${rule.id} supersedes ${other}`).toBe(true);
  });
});

describe('matching', () => {
  it.each([
    ['case-insensitively', 'HUMAN ERROR was named in the review.', 'blame/human-error'],
    ['with typographic apostrophes', 'The responder didn’t follow the runbook.', 'blame/didnt-follow-process'],
    ['through emphasis', 'The on-call **should** have _rolled_ back.', 'counterfactual/should-have'],
    ['through a link', 'It was [careless](https://example.com/why) of us.', 'judgement/careless'],
    ['at the end of a clause', 'The on-call did not roll back, as they should have.', 'counterfactual/should-have'],
    ['with an adverb between', 'The on-call should have immediately rolled back.', 'counterfactual/should-have'],
  ])('matches %s', (_how, text, id) => {
    expect(rulesOf(lintIn(text))).toContain(id);
  });

  it.each([
    ['inside a longer word', 'The carelessness-free checklist, the unobvious path and the blameless review.', []],
    ['inside a hyphenated compound', 'A blame-aware review of the non-obvious, just-in-time cache.', []],
    ['across a code span', 'The on-call should `x` have rolled back.', []],
    ['inside a URL', 'See https://example.com/human-error/careless and <https://example.com/obviously>.', []],
  ])('does not match %s', (_how, text, expected) => {
    expect(rulesOf(lintIn(text))).toEqual(expected);
  });

  it.each([
    'Customers failed to check out for 4 minutes.',
    'The autoscaler failed to react to the spike, and the exporter failed to verify the checksum.',
    'The consumer failed to acknowledge 12 messages; the service failed to communicate with the database.',
    'The deploy failed to roll out, and the team failed over to region B.',
  ])('leaves "failed to" about systems alone: %s', (text) => {
    expect(lintIn(text)).toEqual([]);
  });

  it('flags "failed to" after a person or before a verb only people do', () => {
    expect(rulesOf(lintIn('We failed to react to the spike. The deploy failed to notice the drift.'))).toEqual(['counterfactual/failed-to', 'counterfactual/failed-to']);
  });

  it('keeps the specific rule where two overlap ("should have known" is not also "should have")', () => {
    expect(rulesOf(lintIn('Someone should have known the flag was unsafe.'))).toEqual(['hindsight/should-have-known']);
    expect(rulesOf(lintIn('The root cause was human error.'))).toEqual(['root-cause/singular', 'blame/human-error']);
  });

  it('needs no roster for anything but names', () => {
    const findings = lintMarkdown('## Summary\n\nThe on-call engineer should have rolled back; Alice rolled back at 14:20.\n');
    expect(rulesOf(findings)).toEqual(['counterfactual/should-have']);
  });

  it('reads the roster from the options only, never from the document', () => {
    expect(rulesOf(lintIn('Alice rolled back at 14:20.', 'Timeline', []))).toEqual([]);
    expect(rulesOf(lintIn('Alice rolled back at 14:20.', 'Timeline', ROSTER))).toEqual(['names/roster-name']);
  });
});
