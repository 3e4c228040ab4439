import { LINT_CONTEXTS, type LintContext } from './finding.js';
import { FAMILIES, RULES } from './registry.js';
import { SEVERITIES } from './rule.js';

/**
 * The generated part of docs/BLAMELESS.md: every rule with its severity in each kind of section,
 * its reason and its reframing. tests/unit/postmortem/lint/docs.test.ts keeps the file in sync
 * (UPDATE_GOLDEN=1 rewrites it).
 */
export const RULES_BEGIN = '<!-- rules:begin (generated from src/postmortem/lint/registry.ts; do not edit) -->';
export const RULES_END = '<!-- rules:end -->';

const CONTEXT_TITLES: Record<LintContext, string> = {
  analysis: 'analysis',
  record: 'timeline / record',
  quote: 'quoted in a record',
  actions: 'action items',
  risks: 'risks / lucky',
};

export function renderRuleTables(): string {
  const out: string[] = [];
  const language = RULES.filter((rule) => rule.family !== 'suppression');
  const families = FAMILIES.filter((family) => family !== 'suppression');
  out.push(`${language.length} language rules in ${families.length} families, and ${RULES.length - language.length} rules about suppression comments. Severities: E error, W warning, N note, – not checked there.`, '');
  for (const family of FAMILIES) {
    const rules = RULES.filter((rule) => rule.family === family);
    out.push(`### ${family} (${rules.length})`, '');
    out.push(`| rule | §3.1 | ${LINT_CONTEXTS.map((c) => CONTEXT_TITLES[c]).join(' | ')} | flags | why | reframe as | example |`);
    out.push(`| --- | --- | ${LINT_CONTEXTS.map(() => ':-:').join(' | ')} | --- | --- | --- | --- |`);
    for (const rule of rules) {
      const severities = LINT_CONTEXTS.map((c) => short(rule.severity[c]));
      const entries = rule.entries.length > 0 ? rule.entries.map((e) => `#${e}`).join(', ') : '—';
      const cells = [`\`${rule.id}\``, entries, ...severities, cell(rule.avoid), cell(rule.reason), cell(rule.suggest), cell(rule.example)];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  out.push('### Severity presets', '');
  out.push(`| preset | ${LINT_CONTEXTS.map((c) => CONTEXT_TITLES[c]).join(' | ')} |`);
  out.push(`| --- | ${LINT_CONTEXTS.map(() => ':-:').join(' | ')} |`);
  for (const [name, severity] of Object.entries(SEVERITIES)) out.push(`| ${name} | ${LINT_CONTEXTS.map((c) => short(severity[c])).join(' | ')} |`);
  return out.join('\n');
}

function short(severity: string): string {
  return ({ error: 'E', warning: 'W', info: 'N', off: '–' } as Record<string, string>)[severity] ?? severity;
}

/** A table cell: pipes escaped, "<Name>" kept visible (not read as an HTML tag), examples of HTML comments shown as code. */
function cell(text: string): string {
  const escaped = text.replace(/\|/g, '\\|');
  if (escaped.startsWith('<!--')) return `\`${escaped}\``;
  return escaped
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') ? part : part.replace(/</g, '&lt;')))
    .join('');
}
