import type { Rule } from './rule.js';
import { actionItemRules } from './rules/action-items.js';
import { blameRules } from './rules/blame.js';
import { controlRules } from './rules/controls.js';
import { counterfactualRules } from './rules/counterfactual.js';
import { framingRules } from './rules/framing.js';
import { hindsightRules } from './rules/hindsight.js';
import { judgementRules } from './rules/judgement.js';
import { minimisingRules } from './rules/minimising.js';
import { namesRules } from './rules/names.js';
import { questionRules } from './rules/questions.js';
import { rootCauseRules } from './rules/root-cause.js';
import { toneRules } from './rules/tone.js';
import { suppressionRules } from './suppression-rules.js';

/**
 * Every rule, registered by id (habit 3). The order is the order of docs/BLAMELESS.md: the language
 * rules family by family, then the rules about suppression comments themselves.
 */
export const RULES: readonly Rule[] = [
  ...counterfactualRules,
  ...hindsightRules,
  ...blameRules,
  ...judgementRules,
  ...rootCauseRules,
  ...namesRules,
  ...questionRules,
  ...minimisingRules,
  ...controlRules,
  ...actionItemRules,
  ...toneRules,
  ...framingRules,
  ...suppressionRules,
];

const byId = new Map(RULES.map((rule) => [rule.id, rule]));
if (byId.size !== RULES.length) throw new Error('two blameless rules share an id');

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** Family names in registry order (`counterfactual`, `blame`, ...). */
export const FAMILIES: readonly string[] = [...new Set(RULES.map((rule) => rule.family))];
