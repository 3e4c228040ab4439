import type { IncidentModel } from '../incident/model.js';
import { document, section, statements } from './markdown.js';
import { actionTable, budgetTable, detectionNotes, detectionTable, impactMethod, loadTable, markerList, notesList, resolutionTable, roles, supportingInformation, timelineTable, when } from './sections.js';

/**
 * The Google SRE book's example post-mortem (Appendix D; the dastergon `srebook` template): title,
 * date, authors, status, summary, impact, causes, trigger, resolution, detection, action items,
 * lessons learned (went well, went wrong, where we got lucky), timeline, supporting information.
 * "Root Causes" becomes "Contributing factors" (reference §2: no single cause; the Workbook's own
 * good example already speaks of contributing causes).
 */
export function renderGoogle(model: IncidentModel): string {
  return document(
    `# ${model.title}`,
    [
      `**Date:** ${when(model)}`,
      `**Authors:** facilitator, with the responders (roles: ${roles(model)})`,
      `**Status:** ${model.status}`,
    ].join('  \n'),
    section(2, 'Summary', model.summary),
    section(2, 'Impact', loadTable(model), budgetTable(model), impactMethod(model)),
    section(2, 'Contributing factors', '_Prompts chosen from what the journal shows: the review answers them; the draft states no cause._', statements(model, model.contributingFactors, 'Nothing in the journal points to one.')),
    section(2, 'Trigger', statements(model, model.trigger, 'No fault was injected.')),
    section(2, 'Resolution', statements(model, model.resolution, 'Nothing to resolve.'), resolutionTable(model)),
    section(2, 'Detection', detectionTable(model), detectionNotes(model)),
    section(2, 'Action items', actionTable(model, 'google')),
    section(
      2,
      'Lessons learned',
      section(3, 'What went well', statements(model, model.wentWell, 'The journal records nothing to list here; add what the responders saw.')),
      section(3, 'What went wrong', statements(model, model.wentWrong, 'The journal records nothing to list here.')),
      section(3, 'Where we got lucky', statements(model, model.lucky, 'No prompt from the journal; add what the review finds.')),
    ),
    section(2, 'Questions for the review', statements(model, model.questions, 'None.')),
    section(2, 'Timeline', markerList(model), timelineTable(model, 'evidence'), notesList(model)),
    section(2, 'Supporting information', supportingInformation(model)),
  );
}
