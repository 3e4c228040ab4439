import { Document, isMap, isScalar, visit } from 'yaml';
import type { RawSloSet } from '../spec.js';

/** Maps written on one line, as slo/shop.yaml writes them: labels are short and read best that way. */
const FLOW_MAPS = new Set(['labels', 'pageLabels', 'ticketLabels', 'traffic', 'budgeting']);

/**
 * A Faultline SLO file (`slo/*.yaml`) from its raw form, under a comment header; keys in the order the
 * raw objects hold them, lists of plain values and label maps on one line, as the shipped files are.
 */
export function renderSloSet(raw: RawSloSet, header: readonly string[]): string {
  // Two SLOs split from one OpenSLO SLO share their SLI object: write it twice, not as a YAML alias.
  const doc = new Document(raw, { aliasDuplicateObjects: false });
  visit(doc, {
    Pair(_, pair) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key === 'string' && FLOW_MAPS.has(key) && isMap(pair.value)) pair.value.flow = true;
    },
    Seq(_, seq) {
      if (seq.items.every((item) => isScalar(item))) seq.flow = true;
    },
  });
  const comment = header.map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${comment}\n${doc.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false })}`;
}
