import { elapsed } from '../format.js';
import type { IncidentModel, PhaseMarker } from '../incident/model.js';
import { code, document, section, statements, table } from './markdown.js';
import { actionTable, at, budgetTable, detectionNotes, impactMethod, loadTable, notesList, supportingInformation, timelineTable, when } from './sections.js';

/**
 * Michael Kehoe's template (dastergon/postmortem-templates): summary table, attendees, incident
 * timing with TTD/TTM/TTR, timeline (who/what), impact on end users, infrastructure and
 * productivity, what caused the incident (triggers, process breakdowns, and — in place of its
 * "Root Cause(s)" — contributing factors), mitigation, open questions, lessons, action items.
 */
export function renderKehoe(model: IncidentModel): string {
  const marker = (name: PhaseMarker['name']) => model.markers.find((m) => m.name === name) as PhaseMarker;
  const begins = marker('OUTAGE BEGINS');
  const detected = model.detection.filter((d) => d.detectedBy).sort((a, b) => (a.ttdMs as number) - (b.ttdMs as number))[0];
  const mitigated = marker('OUTAGE MITIGATED');
  const ends = marker('OUTAGE ENDS');
  const start = begins.at ?? model.faults[0]?.injectedAt;
  const since = (iso: string | undefined) => (iso && start ? elapsed(Date.parse(iso) - Date.parse(start)) : '—');
  const time = (iso: string | undefined, fallback: string) => (iso ? `${at(model, iso)} UTC` : fallback);
  return document(
    `# Postmortem: ${model.title}`,
    section(
      3,
      'Summary',
      table(['Incident Summary', '', '', ''], [
        ['Incident Number', `${model.experiment.name ?? model.experiment.file} (${when(model)})`, 'Incident Severity', 'to set in the review'],
        ['Postmortem Date', 'to schedule', 'War-room Required', 'to decide in the review'],
        ['SRE Lead', 'role: SRE lead', 'Developer Lead', 'role: developer lead'],
        ['Incident Mgmt Lead', 'role: incident commander', 'Chaos Eng Preventable', `yes: reproduced by ${code(model.experiment.file)}`],
        ['Postmortem Lead', 'role: facilitator', 'Recording', 'to add'],
      ]),
      model.summary,
    ),
    section(3, 'Postmortem Attendees', table(['Name', 'Role', 'In attendance'], [['', 'facilitator', ''], ['', 'incident commander', ''], ['', 'responder', ''], ['', 'service owner', '']]), '_Names stay out of the analysis: the sections below refer to roles._'),
    section(
      3,
      'Incident Timing',
      table(['', '', '', ''], [
        ['Start Time', time(start, 'no fault injected'), 'Incident Detected By (User-reported / Ad-hoc monitoring / Alerting system)', detected?.detectedBy ? `Alerting system (${detected.detectedBy.source === 'alertmanager' ? 'Alertmanager' : 'SLO evaluator'})` : 'not detected by alerts'],
        ['Detection Time', time(detected?.detectedBy?.firedAt, 'not detected by alerts'), 'Time to Detect (TTD)', since(detected?.detectedBy?.firedAt)],
        ['Mitigation Time', time(mitigated.at, 'not reached'), 'Time to Mitigate (TTM)', since(mitigated.at)],
        ['Resolution Time', time(ends.at, 'not reached'), 'Time to Resolve (TTR)', since(ends.at)],
      ]),
      `Start is OUTAGE BEGINS (or the first injection when nothing was impaired), detection the first alert, mitigation the last fault's removal (OUTAGE MITIGATED), resolution the load back to nominal (OUTAGE ENDS).`,
      detectionNotes(model),
    ),
    section(3, 'Incident Timeline', timelineTable(model, 'who-what'), notesList(model)),
    section(
      3,
      'Impact',
      section(4, 'End User Impact', loadTable(model), impactMethod(model)),
      section(4, 'Infrastructure Impact', budgetTable(model), model.faults.length > 0 ? model.faults.map((f) => `- ${f.faultId}: ${f.description}`).join('\n') : ''),
      section(4, 'Productivity Impact', `${model.alerts.filter((a) => a.severity === 'page').length} page(s) and ${model.alerts.filter((a) => a.severity !== 'page').length} ticket(s) fired. Add the time responders spent and any other team pulled in.`),
    ),
    section(
      3,
      'What caused the incident?',
      section(4, 'Trigger(s)', statements(model, model.trigger, 'No fault was injected.')),
      section(4, 'Process Breakdown(s)', statements(model, model.wentWrong, 'The journal records nothing to list here.')),
      section(4, 'Contributing Factors', '_Prompts chosen from what the journal shows; the review answers them._', statements(model, model.contributingFactors, 'Nothing in the journal points to one.')),
    ),
    section(3, 'Mitigation & Resolution', statements(model, model.resolution, 'Nothing to resolve.')),
    section(3, 'Open Questions', table(['Question', 'Asked by', 'Answer', 'Answered by'], model.questions.map((q) => [q.text, 'facilitator', '', '']))),
    section(
      3,
      'Lessons Learnt',
      section(4, 'What went well', statements(model, model.wentWell, 'The journal records nothing to list here.')),
      section(4, 'What went badly', statements(model, model.wentWrong, 'The journal records nothing to list here.')),
      section(4, 'Where did we get lucky', statements(model, model.lucky, 'No prompt from the journal.')),
    ),
    section(3, 'Action Items & Followups', actionTable(model, 'kehoe')),
    section(3, 'Supporting Documents', supportingInformation(model)),
  );
}
