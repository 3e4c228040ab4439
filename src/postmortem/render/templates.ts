import type { IncidentModel } from '../incident/model.js';
import { renderGoogle } from './google.js';
import { renderHowie } from './howie.js';
import { renderKehoe } from './kehoe.js';
import { renderPagerDuty } from './pagerduty.js';

/** The templates, registered by name (habit 3); `google` is the default. */
export const TEMPLATES = {
  google: renderGoogle,
  pagerduty: renderPagerDuty,
  howie: renderHowie,
  kehoe: renderKehoe,
} as const satisfies Record<string, (model: IncidentModel) => string>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];
export const DEFAULT_TEMPLATE: TemplateName = 'google';

export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(TEMPLATES, name);
}

export function renderMarkdown(model: IncidentModel, template: TemplateName = DEFAULT_TEMPLATE): string {
  return TEMPLATES[template](model);
}
