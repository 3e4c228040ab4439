import { elapsed, pct, range, utc } from '../format.js';
import type { IncidentModel } from '../incident/model.js';
import { document, section, statements, table } from './markdown.js';
import { actionTable, budgetTable, detectionNotes, detectionTable, impactMethod, loadTable, markerList, notesList, roles, supportingInformation, ticketTag, timelineTable, when } from './sections.js';

/**
 * PagerDuty's post-mortem template (response.pagerduty.com): owner, meeting, recording, overview,
 * what happened, contributing factors, resolution, impact with exact numbers, responders, a
 * timeline with a data link per row, "How'd we do?", action items and messaging. "What happened"
 * stays free of counterfactuals; improvements live in the action items.
 */
export function renderPagerDuty(model: IncidentModel): string {
  return document(
    `# Post-mortem: ${model.title}`,
    [
      '**Postmortem owner:** one owner, designated by the incident commander (a role, e.g. the facilitator of the exercise)',
      '**Meeting scheduled for:** to schedule, within five business days',
      '**Call recording:** to add',
      `**Status:** Draft (Draft → In Review → Reviewed → Closed). ${model.status}.`,
      `**Incident window:** ${when(model)}`,
    ].join('  \n'),
    section(2, 'Overview', model.summary),
    section(2, 'What happened', statements(model, model.trigger, 'No fault was injected.'), markerList(model)),
    section(2, 'Contributing factors', '_Prompts chosen from what the journal shows, for the review to answer._', statements(model, model.contributingFactors, 'Nothing in the journal points to one.')),
    section(2, 'Resolution', statements(model, model.resolution, 'Nothing to resolve.')),
    section(2, 'Impact', numbers(model), loadTable(model), budgetTable(model), impactMethod(model)),
    section(2, 'Detection', detectionTable(model), detectionNotes(model)),
    section(2, 'Responders', `Roles recorded in the journal: ${roles(model)}. Fill in by role: incident commander, scribe, subject matter experts; people appear by role, not by name.`),
    section(2, 'Timeline', timelineTable(model, 'data-link'), notesList(model)),
    section(
      2,
      "How'd we do?",
      section(3, 'What went well?', statements(model, model.wentWell, "It's OK to not list anything.")),
      section(3, "What didn't go so well?", statements(model, model.wentWrong, 'The journal records nothing to list here.')),
      section(3, 'Questions for the review', statements(model, [...model.questions, ...model.lucky], 'None.')),
    ),
    section(2, 'Action items', `File each as a ticket tagged \`${ticketTag(model)}\`.`, actionTable(model, 'pagerduty')),
    section(
      2,
      'Messaging',
      section(3, 'Internal email', `Subject: ${model.title}: post-mortem draft for review\n\n${model.summary}\n\nThe draft, the timeline and the proposed action items are attached for the review meeting.`),
      section(
        3,
        'External message',
        '**Summary**\n\nTo write in the team\'s own words for the audience: what users saw and for how long (see Impact), and an apology where users were affected.',
        `**What happened?**\n\n${model.trigger.map((s) => s.text).join(' ')}`,
        '**What are we doing about this?**\n\nThe action items above, once the review has agreed them.',
      ),
    ),
    section(2, 'Supporting information', supportingInformation(model)),
  );
}

/** PagerDuty asks for exact numbers: the run's, one per row. */
function numbers(model: IncidentModel): string {
  const { impact } = model;
  const begins = model.markers.find((m) => m.name === 'OUTAGE BEGINS')?.at;
  const ends = model.markers.find((m) => m.name === 'OUTAGE ENDS')?.at;
  const incident = model.markers.find((m) => m.name === 'INCIDENT BEGINS')?.at;
  const closed = model.markers.find((m) => m.name === 'INCIDENT ENDS')?.at;
  const during = impact.duringFaults;
  const pages = model.alerts.filter((a) => a.severity === 'page').length;
  const tickets = model.alerts.filter((a) => a.severity !== 'page').length;
  const rows: string[][] = [
    ['Time with impact (OUTAGE BEGINS → OUTAGE ENDS)', begins && ends ? elapsed(Date.parse(ends) - Date.parse(begins)) : begins ? `from ${utc(begins)}, no end in the journal` : 'no impact measured'],
    ['Time in incident (INCIDENT BEGINS → INCIDENT ENDS)', incident && closed ? elapsed(Date.parse(closed) - Date.parse(incident)) : incident ? `from ${utc(incident)}, no end in the journal` : 'no page, no incident'],
    ['Requests sent while faults were in place', String(during.attempted)],
    ['Requests failed while faults were in place', `${during.failed}${during.errorRatio !== null ? ` (${pct(during.errorRatio)})` : ''}`],
    ...(during.slow && impact.slowThresholdMs !== undefined ? [[`Requests slower than ${impact.slowThresholdMs} ms while faults were in place`, range(during.slow)]] : []),
    ['Requests not sent on time (whole run)', String(impact.total.notSent)],
    ...impact.budgets.filter((b) => b.burned > 1e-9).map((b) => [`Error budget burned: ${b.slo}`, pct(b.burned)]),
    ['Pages / tickets fired', `${pages} / ${tickets}`],
  ];
  return table(['Impact', 'Value'], rows);
}
