import { describe, expect, it } from 'vitest';
import { parseSloSet } from '../../../../src/slo/load.js';
import { topologyContext } from '../helpers.js';
import { everything, exportText, importText, shop } from './helpers.js';

/**
 * The guarantee: exporting an SLO set to OpenSLO and importing it again gives the same model, field
 * for field (deep equality on what parseSloSet builds), and the same OpenSLO when exported again.
 */
describe.each([
  { name: 'slo/shop.yaml', set: shop },
  { name: 'the every-feature fixture', set: everything },
])('an OpenSLO round trip of $name', ({ set }) => {
  const original = set();
  const exported = exportText(original);
  const imported = importText(exported);

  it('gives back the same SLO set', () => {
    expect(imported.set).toEqual(original);
  });

  it('writes a Faultline SLO file that loads to that same set', () => {
    expect(parseSloSet(imported.text, 'imported.yaml', topologyContext)).toEqual(original);
    expect(imported.text).toMatch(/^# Imported from in\.openslo\.yaml by faultline slo import --openslo\./);
  });

  it('has nothing to warn about', () => {
    expect(imported.warnings).toEqual([]);
  });

  it('exports the imported set to the same OpenSLO, byte for byte', () => {
    expect(exportText(imported.set)).toBe(exported);
  });
});

describe('the round-trip fixture', () => {
  const set = everything();

  it('covers every SLI kind, both budgeting methods, three periods, traffic and custom alerting', () => {
    expect(new Set(set.slos.map((s) => s.sli.kind))).toEqual(new Set(['availability', 'latency', 'clientAvailability', 'custom']));
    expect(new Set(set.slos.map((s) => s.budgeting.method))).toEqual(new Set(['events', 'timeslices']));
    expect(new Set(set.slos.map((s) => s.periodMs / 86_400_000))).toEqual(new Set([30, 28, 7]));
    expect(set.slos.some((s) => s.expectedRate !== undefined)).toBe(true);
    expect(set.slos.some((s) => s.alerting.runbook && s.alerting.pageLabels.severity !== 'page' && Object.keys(s.alerting.ticketLabels).length > 1)).toBe(true);
    expect(set.timeScale).toBe(60);
  });
});

describe('importing with --name', () => {
  it('renames the set and nothing else', () => {
    const original = shop();
    expect(importText(exportText(original), { name: 'renamed' }).set).toEqual({ ...original, name: 'renamed' });
  });

  it('imports SLOs exported from several sets as one, and says so', () => {
    const imported = importText(exportText(shop(), everything()));
    expect(imported.set.name).toBe('in');
    expect(imported.set.slos).toHaveLength(shop().slos.length + everything().slos.length);
    expect(imported.warnings.map((w) => w.message)).toEqual(['the SLOs come from 2 Faultline SLO sets (shop, everything): they are imported as one set, "in" (--name chooses another), with its description from SLO/gateway-browse-availability and its time scale (60) from SLO/gateway-all-requests-availability']);
  });
});
