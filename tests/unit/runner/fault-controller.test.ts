import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import type { ResiliencePolicy } from '../../../src/core/service-contract.js';
import type { ControlApis } from '../../../src/runner/control-apis.js';
import type { PolicyFault } from '../../../src/runner/experiment/model.js';
import { FaultController } from '../../../src/runner/faults.js';

/**
 * The FaultController with fake control APIs whose calls the test settles by hand (no proxy, no
 * sleeps): a removal asked for while the fault's injection is still on its way must wait for it and
 * then remove it, instead of finding nothing to remove and leaving the fault until the rollback.
 */

const declared = { timeoutMs: 1000 } as unknown as ResiliencePolicy;
const broken = { timeoutMs: 1 } as unknown as ResiliencePolicy;
const fault: PolicyFault = { kind: 'policy', name: 'no-timeout', atMs: 0, durationMs: 1000, service: 'orders', peer: 'payments', policy: broken, declared };

/** A setPolicy whose calls each wait for the test to settle them, in order. */
function handCranked() {
  const calls: Array<{ policy: ResiliencePolicy; resolve: () => void; reject: (error: Error) => void }> = [];
  const setPolicy = (_service: string, _peer: string, policy: ResiliencePolicy) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ policy, resolve, reject });
    });
  return { calls, setPolicy };
}

function controllerWith(setPolicy: ControlApis['setPolicy']) {
  const steps: string[] = [];
  const apis = {
    toxiproxyUrl: 'http://127.0.0.1:1',
    processes: undefined,
    proxyOffersLeases: async () => false,
    leaseToxic: async () => {},
    leaseProxy: async () => {},
    renewProxyLeases: async () => {},
    latestProxyAuditId: async () => undefined,
    setPolicy,
  } satisfies ControlApis;
  const controller = new FaultController({
    apis,
    holder: 'test-run',
    leaseTtlMs: 5000,
    clock: new ManualClock(),
    observer: {
      injected: (fields) => steps.push(`injected ${fields.faultId}${fields.error ? ` (error: ${fields.error})` : ''}`),
      removed: (fields) => steps.push(`removed ${fields.faultId} (${fields.reason})`),
      removalFailed: (fields, error) => steps.push(`removal of ${fields.faultId} failed: ${error.message}`),
    },
  });
  return { controller, steps };
}

/** Let every pending promise reaction run (no timers involved). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

describe('FaultController.remove while the fault is still being injected', () => {
  it('waits for the injection to land, then removes the fault at once', async () => {
    const { calls, setPolicy } = handCranked();
    const { controller, steps } = controllerWith(setPolicy);
    const injection = controller.inject(fault, 'no-timeout', 0);
    await flush();
    expect(calls.map((c) => c.policy)).toEqual([broken]);

    // The scheduled end comes before the injection has landed.
    let removed = false;
    const removal = controller.remove('no-timeout', 'scheduled').then(() => (removed = true));
    await flush();
    expect(removed).toBe(false);
    expect(calls).toHaveLength(1);
    expect(controller.active()).toEqual([]);

    // The injection lands: the removal follows straight away, without another timer or call.
    calls[0]?.resolve();
    await injection;
    await flush();
    expect(calls.map((c) => c.policy)).toEqual([broken, declared]);
    expect(steps).toEqual(['injected no-timeout']);
    calls[1]?.resolve();
    await removal;
    expect(removed).toBe(true);
    expect(steps).toEqual(['injected no-timeout', 'removed no-timeout (scheduled)']);
    expect(controller.active()).toEqual([]);
  });

  it('removes a fault whose injection failed half-way (it may be in place) once that injection settles', async () => {
    const { calls, setPolicy } = handCranked();
    const { controller, steps } = controllerWith(setPolicy);
    const injection = controller.inject(fault, 'no-timeout', 0);
    const injectionFailed = expect(injection).rejects.toThrow('timed out');
    await flush();
    const removal = controller.remove('no-timeout', 'scheduled');
    calls[0]?.reject(new Error('timed out'));
    await injectionFailed;
    await flush();
    expect(calls.map((c) => c.policy)).toEqual([broken, declared]);
    calls[1]?.resolve();
    await removal;
    expect(steps).toEqual(['injected no-timeout (error: timed out)', 'removed no-timeout (scheduled)']);
    expect(controller.active()).toEqual([]);
  });

  it('removes the fault once when the scheduled end and the rollback both wait for the same injection', async () => {
    const { calls, setPolicy } = handCranked();
    const { controller, steps } = controllerWith(setPolicy);
    const injection = controller.inject(fault, 'no-timeout', 0);
    await flush();
    const scheduled = controller.remove('no-timeout', 'scheduled');
    const rollback = controller.removeAll('rollback');
    calls[0]?.resolve();
    await injection;
    await flush();
    expect(calls.map((c) => c.policy)).toEqual([broken, declared]);
    calls[1]?.resolve();
    await scheduled;
    expect(await rollback).toEqual([]);
    expect(steps).toHaveLength(2);
    expect(steps[0]).toBe('injected no-timeout');
    expect(steps[1]).toMatch(/^removed no-timeout \((scheduled|rollback)\)$/);
    expect(controller.active()).toEqual([]);
  });

  it('does nothing for a fault neither injected nor on its way', async () => {
    const { calls, setPolicy } = handCranked();
    const { controller, steps } = controllerWith(setPolicy);
    await controller.remove('no-timeout', 'scheduled');
    expect(calls).toEqual([]);
    expect(steps).toEqual([]);
  });
});
