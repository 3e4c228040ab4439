import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/core/errors.js';
import { findBinary, locatePrometheusBinaries, prometheusAvailable } from '../../../src/prometheus/binaries.js';

/** A folder of fake executables, used as the whole PATH. */
const bin = mkdtempSync(join(tmpdir(), 'faultline-binaries-'));
const other = mkdtempSync(join(tmpdir(), 'faultline-binaries-'));
for (const [folder, name] of [
  [bin, 'prometheus'],
  [bin, 'prometheus-alertmanager'],
  [bin, 'promtool'],
  [other, 'alertmanager'],
] as const) {
  writeFileSync(join(folder, name), '#!/bin/sh\n');
  chmodSync(join(folder, name), 0o755);
}
writeFileSync(join(other, 'not-executable'), '');

afterAll(() => {
  rmSync(bin, { recursive: true, force: true });
  rmSync(other, { recursive: true, force: true });
});

describe('finding the Prometheus binaries', () => {
  it('finds Debian’s prometheus-alertmanager when there is no alertmanager', () => {
    expect(locatePrometheusBinaries({ PATH: bin })).toEqual({ prometheus: join(bin, 'prometheus'), alertmanager: join(bin, 'prometheus-alertmanager'), promtool: join(bin, 'promtool') });
  });

  it('prefers the upstream name alertmanager wherever it is on the PATH', () => {
    expect(findBinary('alertmanager', { PATH: `${bin}:${other}` })).toBe(join(other, 'alertmanager'));
  });

  it.each([
    { what: 'a path', value: () => join(other, 'alertmanager'), expected: () => join(other, 'alertmanager') },
    { what: 'a name on the PATH', value: () => 'alertmanager', expected: () => join(other, 'alertmanager') },
  ])('takes FAULTLINE_PROMETHEUS / _ALERTMANAGER / _PROMTOOL as $what', ({ value, expected }) => {
    expect(findBinary('alertmanager', { PATH: `${bin}:${other}`, FAULTLINE_ALERTMANAGER: value() })).toBe(expected());
  });

  it('does not fall back to the PATH when the override names nothing usable', () => {
    expect(findBinary('promtool', { PATH: bin, FAULTLINE_PROMTOOL: join(other, 'not-executable') })).toBeUndefined();
  });

  it('names every missing binary, and how to install it, in one coded error', () => {
    let error: unknown;
    try {
      locatePrometheusBinaries({ PATH: other, FAULTLINE_PROMTOOL: '/nowhere/promtool' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FaultlineError);
    expect((error as FaultlineError).code).toBe('FAULTLINE_PROMETHEUS_MISSING');
    expect((error as FaultlineError).details).toEqual({ missing: ['prometheus', 'promtool'] });
    expect((error as FaultlineError).message).toMatch(/prometheus \(looked for prometheus on the PATH; or set FAULTLINE_PROMETHEUS\); promtool \(FAULTLINE_PROMTOOL=\/nowhere\/promtool is not an executable\)/);
    expect((error as FaultlineError).message).toMatch(/apt-get install prometheus prometheus-alertmanager/);
  });

  it.each([
    { what: 'all three are there', env: { PATH: bin }, available: true },
    { what: 'promtool is missing (tickets would fire early without the backfill)', env: { PATH: bin, FAULTLINE_PROMTOOL: '/nowhere/promtool' }, available: false },
    { what: 'the PATH is empty', env: {}, available: false },
  ])('reports Prometheus as available only when $what', ({ env, available }) => {
    expect(prometheusAvailable(env)).toBe(available);
  });
});
