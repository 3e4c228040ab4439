import { describe, expect, it } from 'vitest';
import { compilePrometheusRule, compileSloFile } from '../../../src/slo/compile.js';
import { load, shippedSlos, sloFile } from './helpers.js';

/** An SLO with declared traffic (0.5 requests/s) and a custom SLI without it. */
const declared = sloFile(
  [
    '  - service: gateway',
    '    name: checkout',
    '    objective: 99.9',
    '    traffic: { expectedRate: 0.5 }',
    '    sli: { availability: { method: POST, routes: [/orders] } }',
    '  - service: payments',
    '    name: queue',
    '    objective: 99',
    '    sli:',
    '      custom: { errorQuery: "sum(rate(failed[{{.window}}]))", totalQuery: "sum(rate(all[{{.window}}]))" }',
    '',
  ].join('\n'),
);
const options = { name: 'slos', source: 'slos.yaml' };
const kinds = (warnings: ReadonlyArray<{ kind: string; slo: string }>) => warnings.map((w) => `${w.kind} ${w.slo}`);

describe('compile warnings', () => {
  it('are none for the shipped SLOs in real time', () => {
    expect(compileSloFile(load(shippedSlos), { name: 'shop', source: 'slo/shop.yaml' }).warnings).toEqual([]);
  });

  it('say where they come from: clamped windows, SLOs without tests, and low traffic for SLOs that declare their rate', () => {
    expect(kinds(compileSloFile(load(declared), options).warnings)).toEqual(['tests payments-queue']);
    // At K = 360 the 5m short window is 0.83 s, clamped to 4 s; 0.5 requests/s is too little for the fast page.
    expect(kinds(compileSloFile(load(declared), { ...options, timeScale: 360 }).warnings)).toEqual([
      'windows gateway-checkout',
      'windows payments-queue',
      'tests payments-queue',
      'traffic gateway-checkout',
    ]);
  });

  it('are the same for the PrometheusRule, which has no tests to warn about', () => {
    const plain = compileSloFile(load(declared), { ...options, timeScale: 360 }).warnings;
    expect(compilePrometheusRule(load(declared), { ...options, timeScale: 360 }).warnings).toEqual(plain.filter((w) => w.kind !== 'tests'));
  });
});
