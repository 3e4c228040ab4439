import type { Evidence, IncidentModel, Statement } from '../incident/model.js';

/**
 * Markdown building blocks shared by the templates: tables with escaped cells, evidence links and
 * statement lists. Facts are plain bullets with their evidence; prompts are open task-list items
 * ("- [ ]"), so a reader sees at a glance what the review still has to answer.
 */

/** A table cell: pipes escaped, line breaks flattened. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** Inline code that survives backticks inside it. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ` ${text} ` : text}${fence}`;
}

/** "[L19](journal.jsonl#L19)". */
export function lineLink(model: IncidentModel, line: number): string {
  return `[L${line}](${model.run.journalLink}#L${line})`;
}

/** Evidence, deduplicated, journal lines first: "[L19](…#L19), alert gateway-order-availability page (evaluator), `query`". */
export function evidence(model: IncidentModel, items: readonly Evidence[], options: { queries?: boolean } = {}): string {
  const lines = new Set<number>();
  const alerts = new Set<string>();
  const queries = new Set<string>();
  for (const item of items) {
    if (item.kind === 'journal') lines.add(item.line);
    else if (item.kind === 'alert') {
      lines.add(item.line);
      alerts.add(`alert ${item.alertname} (${item.source === 'alertmanager' ? 'Alertmanager' : 'evaluator'})`);
    } else if (options.queries !== false) queries.add(code(item.promql));
  }
  return [...[...lines].sort((a, b) => a - b).map((line) => lineLink(model, line)), ...alerts, ...queries].join(', ');
}

/** Bullets: facts plain, prompts as open checkboxes; each with its evidence. */
export function statements(model: IncidentModel, items: readonly Statement[], empty: string): string {
  if (items.length === 0) return `_${empty}_`;
  return items
    .map((s) => {
      const proof = evidence(model, s.evidence);
      return `- ${s.kind === 'prompt' ? '[ ] ' : ''}${s.text}${proof ? ` (${proof})` : ''}`;
    })
    .join('\n');
}

/** A heading at `level` followed by its body, separated by one blank line. */
export function section(level: number, title: string, ...body: string[]): string {
  return [`${'#'.repeat(level)} ${title}`, ...body.filter((b) => b !== '')].join('\n\n');
}

export function document(...parts: string[]): string {
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}
