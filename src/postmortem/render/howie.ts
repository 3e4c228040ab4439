import type { IncidentModel } from '../incident/model.js';
import { document, section, statements } from './markdown.js';
import { actionTable, budgetTable, detectionNotes, detectionTable, impactMethod, loadTable, markerList, notesList, roles, supportingInformation, timelineTable, when } from './sections.js';

/**
 * Jeli/PagerDuty's Howie guide, "How We Got Here" report: the story of how events came to be,
 * with contributors and enablers (not causes), risks, mitigators, difficulties during handling and
 * follow-ups tagged recovery or prevention. The journal gives the technical timeline; the
 * interviews and the human timeline stay for the investigators to add.
 */
export function renderHowie(model: IncidentModel): string {
  const detected = model.detection.some((d) => d.detectedBy);
  return document(
    `# EVENT ${model.experiment.name ?? model.experiment.file}: ${model.title}`,
    [`**Short description:** ${model.summary.split('. ').slice(0, 2).join('. ').replace(/\.?$/, '.')}`, `**When:** ${when(model)}`, `**Status:** ${model.status}`].join('  \n'),
    section(
      2,
      'How we got here',
      [
        '**Investigators/Authors:** an investigator, ideally someone not involved in mitigating the event (role)',
        `**Incident responders:** ${roles(model)}; add the initial and closing incident commanders and the teams involved, by role`,
        '**Interviews:** to schedule; ask how each responder was brought in and what they looked at first',
      ].join('  \n'),
    ),
    section(2, 'Narrative description', section(3, 'Event', model.summary)),
    section(2, 'Customer/employee impact', loadTable(model), budgetTable(model), impactMethod(model)),
    section(2, 'Trigger', statements(model, model.trigger, 'No fault was injected.')),
    section(2, 'Key takeaways, themes and questions', statements(model, model.questions, 'None.')),
    section(2, 'Contributors/Enablers', '_Things that had to be true for this to happen — prompts for the investigators, not causes or people._', statements(model, model.contributingFactors, 'Nothing in the journal points to one.')),
    section(2, 'Risks', statements(model, model.lucky, 'No prompt from the journal.')),
    section(2, 'Mitigators', statements(model, [...model.wentWell, ...model.resolution], 'The journal records nothing to list here.')),
    section(2, 'Difficulties during handling', statements(model, model.wentWrong, 'The journal records nothing to list here.'), detectionTable(model), detected ? '' : detectionNotes(model)),
    section(2, 'Follow-up items', actionTable(model, 'howie')),
    section(2, 'Resources', supportingInformation(model)),
    section(2, 'Timeline', markerList(model), timelineTable(model, 'evidence'), notesList(model)),
  );
}
