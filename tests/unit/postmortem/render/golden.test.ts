import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildIncident } from '../../../../src/postmortem/incident/build.js';
import { renderMarkdown, TEMPLATE_NAMES } from '../../../../src/postmortem/render/templates.js';
import type { JournalEvent } from '../../../../src/runner/journal/events.js';
import { readJournal } from '../../../../src/runner/journal/reader.js';

/**
 * Every template × every fixture journal (tests/fixtures/journals/, recorded from real runs; see
 * its README) against tests/golden/postmortem/<journal>.<template>.md (habit 7). After a deliberate
 * change, regenerate with `UPDATE_GOLDEN=1 npx vitest run tests/unit/postmortem/render` and review
 * the diff. Links in the goldens point at the fixtures, so they work when browsing the repository.
 */
const FIXTURES = new URL('../../../fixtures/journals/', import.meta.url);
const GOLDEN = new URL('../../../golden/postmortem/', import.meta.url);
const JOURNALS = readdirSync(FIXTURES).filter((name) => name.endsWith('.jsonl')).sort();

function draft(journal: string, template: (typeof TEMPLATE_NAMES)[number]): string {
  const { events } = readJournal(fileURLToPath(new URL(journal, FIXTURES)));
  const model = buildIncident(events, { journalFile: `tests/fixtures/journals/${journal}`, journalLink: `../../fixtures/journals/${journal}` });
  return renderMarkdown(model, template);
}

function expectGolden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(name, GOLDEN));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `${path} is missing: run UPDATE_GOLDEN=1 npx vitest run tests/unit/postmortem/render`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('post-mortem drafts (golden files)', () => {
  it('has the fixture journals the issue asks for', () => {
    expect(JOURNALS).toEqual(['catalog-outage-abort.jsonl', 'inventory-mild-latency.jsonl', 'payments-outage-fast.jsonl', 'payments-outage.jsonl', 'unused-path-noop.jsonl']);
  });

  describe.each(JOURNALS)('%s', (journal) => {
    it.each(TEMPLATE_NAMES)('renders the %s template', (template) => {
      expectGolden(`${journal.replace(/\.jsonl$/, '')}.${template}.md`, draft(journal, template));
    });
  });
});

describe('template structure', () => {
  const headings = (markdown: string) => markdown.split('\n').filter((line) => /^#{1,4} /.test(line));
  it.each([
    { template: 'google', expected: ['# Payments outage', '## Summary', '## Impact', '## Contributing factors', '## Trigger', '## Resolution', '## Detection', '## Action items', '## Lessons learned', '### What went well', '### What went wrong', '### Where we got lucky', '## Questions for the review', '## Timeline', '## Supporting information'] },
    { template: 'pagerduty', expected: ['# Post-mortem: Payments outage', '## Overview', '## What happened', '## Contributing factors', '## Resolution', '## Impact', '## Detection', '## Responders', '## Timeline', "## How'd we do?", '### What went well?', "### What didn't go so well?", '### Questions for the review', '## Action items', '## Messaging', '### Internal email', '### External message', '## Supporting information'] },
    { template: 'howie', expected: ['# EVENT payments-outage: Payments outage', '## How we got here', '## Narrative description', '### Event', '## Customer/employee impact', '## Trigger', '## Key takeaways, themes and questions', '## Contributors/Enablers', '## Risks', '## Mitigators', '## Difficulties during handling', '## Follow-up items', '## Resources', '## Timeline'] },
    { template: 'kehoe', expected: ['# Postmortem: Payments outage', '### Summary', '### Postmortem Attendees', '### Incident Timing', '### Incident Timeline', '### Impact', '#### End User Impact', '#### Infrastructure Impact', '#### Productivity Impact', '### What caused the incident?', '#### Trigger(s)', '#### Process Breakdown(s)', '#### Contributing Factors', '### Mitigation & Resolution', '### Open Questions', '### Lessons Learnt', '#### What went well', '#### What went badly', '#### Where did we get lucky', '### Action Items & Followups', '### Supporting Documents'] },
  ] as const)('$template follows its section list', ({ template, expected }) => {
    expect(headings(draft('payments-outage.jsonl', template))).toEqual(expected);
  });

  it.each(TEMPLATE_NAMES)('%s: links every timeline row to the journal line it comes from', (template) => {
    const markdown = draft('payments-outage.jsonl', template);
    const rows = markdown.split('\n').filter((line) => /^\| \d\d:\d\d:\d\d\.\d{3} \|/.test(line));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row).toMatch(/\[L\d+\]\(\.\.\/\.\.\/fixtures\/journals\/payments-outage\.jsonl#L\d+\)/);
  });

  it.each(TEMPLATE_NAMES)('%s: states an undetected fault plainly', (template) => {
    expect(draft('inventory-mild-latency.jsonl', template)).toContain('not detected by alerts');
  });
});

describe('journals cut short', () => {
  const started: JournalEvent = { seq: 1, time: '2026-11-27T10:00:00.000Z', type: 'run_started', formatVersion: 1, experiment: { file: 'experiments/x.yaml', title: 'Cut short', document: {} }, topology: { name: 'shop', services: [], proxies: [] }, slos: [], versions: { faultline: '0.1.0', node: 'v20' }, seed: 1, mode: 'embedded', toxiproxyUrl: 'http://127.0.0.1:8474', runDir: 'runs/x', host: 'h' };
  const injected: JournalEvent = { seq: 2, time: '2026-11-27T10:00:01.000Z', type: 'fault_injected', faultId: 'f', kind: 'outage', target: { proxy: 'p' }, plannedOffsetMs: 0 };
  it.each<{ name: string; events: JournalEvent[] }>([
    { name: 'only run_started', events: [started] },
    { name: 'a crash with a fault in place', events: [started, injected] },
  ])('$name: every template still drafts, and says what is missing', ({ events }) => {
    for (const template of TEMPLATE_NAMES) {
      const markdown = renderMarkdown(buildIncident(events), template);
      expect(markdown).toContain('Cut short');
      expect(markdown).toMatch(/not reached|no fault was injected|No fault was injected/);
      if (events.length > 1) expect(markdown).toContain('The journal ends at 10:00:01.000 without run_finished: the run stopped before it finished.');
    }
  });
});
