import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { ResiliencePolicy } from '../../../src/core/service-contract.js';
import type { ControlApis } from '../../../src/runner/control-apis.js';
import type { PolicyFault, RollbackStep } from '../../../src/runner/experiment/model.js';
import { FaultController } from '../../../src/runner/faults.js';
import type { JournalEvent, JournalEventInput } from '../../../src/runner/journal/events.js';
import type { ProcessControl } from '../../../src/runner/process-control.js';
import { Rollback } from '../../../src/runner/rollback.js';
import { decideVerdict } from '../../../src/runner/verdict.js';

/**
 * The run's rollback as runExperiment drives it: one attempt at the end of the fault phase (or on
 * the way out after an abort), and the `finally` safety net's second attempt while a fault is still
 * in place. What is left behind is what the last attempt could not remove, once per fault; the
 * journal has one `rollback` event per fault.
 */

const declared = { timeoutMs: 1000 } as unknown as ResiliencePolicy;
const broken = { timeoutMs: 1 } as unknown as ResiliencePolicy;
const policyFault = (name: string): PolicyFault => ({ kind: 'policy', name, atMs: 0, durationMs: 1000, service: 'orders', peer: name, policy: broken, declared });

/**
 * A system whose policy API fails the removals it is told to: `failures[peer]` is the list of
 * outcomes of that peer's removals in order (an error message fails it, undefined succeeds).
 */
function system(failures: Record<string, Array<string | undefined>> = {}, options: { rollbacks?: RollbackStep[]; processes?: ProcessControl } = {}) {
  const events: JournalEventInput[] = [];
  const steps: string[] = [];
  const apis = {
    toxiproxyUrl: 'http://127.0.0.1:1',
    processes: options.processes,
    proxyOffersLeases: async () => false,
    leaseToxic: async () => {},
    leaseProxy: async () => {},
    renewProxyLeases: async () => {},
    latestProxyAuditId: async () => undefined,
    setPolicy: async (_service: string, peer: string, policy: ResiliencePolicy) => {
      if (policy !== declared) return;
      const failure = failures[peer]?.shift();
      if (failure) throw new Error(failure);
    },
  } satisfies ControlApis;
  const controller = new FaultController({
    apis,
    holder: 'test-run',
    leaseTtlMs: 5000,
    clock: new ManualClock(),
    observer: {
      injected: (fields) => steps.push(`injected ${fields.faultId}`),
      removed: (fields) => steps.push(`removed ${fields.faultId} (${fields.reason})`),
      removalFailed: (fields, error) => steps.push(`removal of ${fields.faultId} failed: ${error.message}`),
    },
  });
  const rollback = new Rollback({ controller, experiment: { rollbacks: options.rollbacks ?? [] }, processes: options.processes, journal: { append: (event) => (events.push(event), event as JournalEvent) } });
  const inject = async (...names: string[]) => {
    for (const name of names) await controller.inject(policyFault(name), name, 0);
  };
  /** The verdict of an otherwise clean run with this rollback. */
  const verdict = () => decideVerdict({ errors: [], deviations: [], leftBehind: rollback.leftBehind() });
  const rollbackEvents = () => events.filter((e) => e.type === 'rollback');
  return { controller, rollback, inject, verdict, rollbackEvents, steps };
}

describe('Rollback', () => {
  it('clears a fault the safety net removes after the rollback failed: nothing left behind, no error verdict, one rollback event', async () => {
    const { controller, rollback, inject, verdict, rollbackEvents, steps } = system({ payments: ['proxy API down', undefined] });
    await inject('payments');

    await rollback.run('rollback');
    expect(rollback.leftBehind()).toEqual(['payments: proxy API down']);
    expect(rollback.needed()).toBe(true);

    // The run's `finally`: the safety net tries again, and this time the removal works.
    await rollback.run('rollback');
    expect(controller.active()).toEqual([]);
    expect(rollback.leftBehind()).toEqual([]);
    expect(rollback.needed()).toBe(false);
    expect(verdict()).toMatchObject({ result: 'held', exitCode: 0 });
    expect(rollbackEvents()).toEqual([{ type: 'rollback', faultId: 'payments', ok: false, error: 'proxy API down' }]);
    expect(steps).toEqual(['injected payments', 'removal of payments failed: proxy API down', 'removed payments (rollback)']);
  });

  it('names a fault that neither attempt removed once, with the last error, and journals it once', async () => {
    const { controller, rollback, inject, verdict, rollbackEvents } = system({ payments: ['proxy API down', 'still down'] });
    await inject('payments');

    await rollback.run('rollback');
    await rollback.run('rollback');
    expect(controller.active().map((r) => r.faultId)).toEqual(['payments']);
    expect(rollback.leftBehind()).toEqual(['payments: still down']);
    expect(verdict()).toMatchObject({ result: 'error', exitCode: 4, reasons: ['fault left behind after rollback: payments: still down (run `faultline panic`)'] });
    expect(rollbackEvents()).toEqual([{ type: 'rollback', faultId: 'payments', ok: false, error: 'proxy API down' }]);
  });

  it('keeps each fault apart: the one removed on retry clears, the one that stays is named', async () => {
    const { rollback, inject, rollbackEvents } = system({ payments: ['down', undefined], inventory: ['down', 'down again'], catalog: [] });
    await inject('catalog', 'payments', 'inventory');

    await rollback.run('abort');
    expect(rollback.leftBehind().sort()).toEqual(['inventory: down', 'payments: down']);
    await rollback.run('abort');
    expect(rollback.leftBehind()).toEqual(['inventory: down again']);
    expect(rollbackEvents().map((e) => e.type === 'rollback' && [e.faultId, e.ok])).toEqual([
      ['catalog', true],
      ['payments', false],
      ['inventory', false],
    ]);
  });

  it('is needed until it has run once, and then only while a fault is in place', async () => {
    const { rollback, inject, rollbackEvents, verdict } = system();
    expect(rollback.needed()).toBe(true);
    // An abort before any fault: the safety net's attempt is the only one, with nothing to remove.
    await rollback.run('abort');
    expect(rollback.needed()).toBe(false);
    expect(rollbackEvents()).toEqual([]);
    // A fault in place after the rollback ran (it never happens in a run, but the net would catch it).
    await inject('payments');
    expect(rollback.needed()).toBe(true);
    await rollback.run('abort');
    expect(rollbackEvents()).toEqual([{ type: 'rollback', faultId: 'payments', ok: true }]);
    expect(verdict().result).toBe('held');
  });

  it('runs the extra restore step once, on the first attempt, and a failed restore stays left behind', async () => {
    let restores = 0;
    const processes = {
      restoreAll: async () => {
        restores += 1;
        throw new Error('supervisor unreachable');
      },
    } as unknown as ProcessControl;
    const { rollback, inject } = system({ payments: ['down', undefined] }, { rollbacks: [{ kind: 'restore', services: 'all' }], processes });
    await inject('payments');
    await rollback.run('rollback');
    await rollback.run('rollback');
    expect(restores).toBe(1);
    expect(rollback.leftBehind()).toEqual(['restore all: supervisor unreachable']);
  });
});
