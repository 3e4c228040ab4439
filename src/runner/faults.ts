import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Fault } from './experiment/model.js';
import type { FaultFields, JsonValue, RemovalReason } from './journal/events.js';
import type { ControlApis } from './control-apis.js';

/**
 * Injects the experiment's faults and, whatever happens, takes them away again. Proxy faults go
 * through toxiproxy-node-client only, so a real Toxiproxy works as well as Faultline's proxy; when
 * the server offers Faultline's lease extension, every proxy fault gets a lease the controller
 * renews each second, so a runner killed with SIGKILL leaves nothing behind for longer than the
 * lease. Pauses get a lease on the supervisor the same way. Process and policy faults go through
 * the supervisor's and the services' admin APIs.
 */

export interface FaultRecord {
  faultId: string;
  fields: FaultFields;
  undo(): Promise<void>;
}

export interface FaultObserver {
  injected(fields: FaultFields): void;
  removed(fields: FaultFields & { reason: RemovalReason }): void;
  /** A removal that failed; the fault may still be in place. */
  removalFailed(fields: FaultFields, error: Error): void;
}

export interface FaultControllerOptions {
  apis: ControlApis;
  /** The lease holder: the run's id, unique per run. */
  holder: string;
  leaseTtlMs: number;
  clock: Clock;
  observer: FaultObserver;
}

export class FaultController {
  readonly #options: FaultControllerOptions;
  readonly #toxiproxy: Toxiproxy;
  readonly #active = new Map<string, FaultRecord>();
  #renewTimer: TimerHandle | undefined;
  #leases = { proxy: false, supervisor: false };

  constructor(options: FaultControllerOptions) {
    this.#options = options;
    this.#toxiproxy = new Toxiproxy(options.apis.toxiproxyUrl);
  }

  /** Whether faults will carry leases: the proxy offers the extension (a real Toxiproxy does not). */
  async detectLeases(): Promise<{ proxy: boolean; supervisor: boolean }> {
    this.#leases = { proxy: await this.#options.apis.proxyOffersLeases(), supervisor: this.#options.apis.supervisorUrl !== undefined };
    return { ...this.#leases };
  }

  active(): FaultRecord[] {
    return [...this.#active.values()];
  }

  /** Renew every lease of this run each third of the TTL, until stopRenewing(). */
  startRenewing(): void {
    const every = Math.max(100, Math.floor(this.#options.leaseTtlMs / 3));
    const tick = () => {
      void this.#renew().finally(() => {
        if (this.#renewTimer) this.#renewTimer = this.#options.clock.setTimer(tick, every);
      });
    };
    this.#renewTimer = this.#options.clock.setTimer(tick, every);
  }

  stopRenewing(): void {
    this.#renewTimer?.cancel();
    this.#renewTimer = undefined;
  }

  async inject(fault: Fault, faultId: string, plannedOffsetMs: number): Promise<void> {
    const base = { faultId, plannedOffsetMs };
    const record = await this.#apply(fault, base);
    this.#active.set(faultId, record);
    this.#options.observer.injected(record.fields);
  }

  /** Remove one fault (its scheduled end); a fault already gone is a no-op. */
  async remove(faultId: string, reason: RemovalReason): Promise<void> {
    const record = this.#active.get(faultId);
    if (!record) return;
    try {
      await record.undo();
      this.#active.delete(faultId);
      this.#options.observer.removed({ ...record.fields, reason });
    } catch (error) {
      this.#options.observer.removalFailed(record.fields, error as Error);
      throw error;
    }
  }

  /** Remove every fault still in place, each attempted even when another fails. Returns the failures. */
  async removeAll(reason: RemovalReason): Promise<Array<{ faultId: string; error: Error }>> {
    const failures: Array<{ faultId: string; error: Error }> = [];
    // Newest first: a pause injected after a toxic is lifted before the toxic it may depend on.
    for (const faultId of [...this.#active.keys()].reverse()) {
      try {
        await this.remove(faultId, reason);
      } catch (error) {
        failures.push({ faultId, error: error as Error });
      }
    }
    return failures;
  }

  async #apply(fault: Fault, base: { faultId: string; plannedOffsetMs: number }): Promise<FaultRecord> {
    const { apis, holder, leaseTtlMs } = this.#options;
    const lease = { ttlMs: leaseTtlMs, holder };
    switch (fault.kind) {
      case 'toxic': {
        const proxy = await this.#toxiproxy.get(fault.proxy);
        const body = { name: fault.toxicName, type: fault.type, stream: fault.stream, toxicity: fault.toxicity, attributes: { ...fault.attributes } } as unknown as ICreateToxicBody<unknown>;
        const toxic = await proxy.addToxic(body);
        const audit = await apis.latestProxyAuditId();
        if (this.#leases.proxy) await apis.leaseToxic(fault.proxy, fault.toxicName, lease);
        const fields: FaultFields = {
          ...base,
          kind: 'toxic',
          target: { proxy: fault.proxy, stream: fault.stream },
          toxic: { name: fault.toxicName, type: fault.type, stream: fault.stream, toxicity: fault.toxicity, attributes: { ...fault.attributes } },
          ...(this.#leases.proxy ? { lease } : {}),
          ...(audit !== undefined ? { auditEventId: audit } : {}),
        };
        return { faultId: base.faultId, fields, undo: () => ignoreMissing(() => toxic.remove()) };
      }
      case 'outage': {
        const proxy = await this.#toxiproxy.get(fault.proxy);
        await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
        const audit = await apis.latestProxyAuditId();
        if (this.#leases.proxy) await apis.leaseProxy(fault.proxy, lease);
        const fields: FaultFields = { ...base, kind: 'outage', target: { proxy: fault.proxy }, ...(this.#leases.proxy ? { lease } : {}), ...(audit !== undefined ? { auditEventId: audit } : {}) };
        return {
          faultId: base.faultId,
          fields,
          undo: async () => {
            const current = await this.#toxiproxy.get(fault.proxy);
            if (!current.enabled) await current.update({ enabled: true, listen: current.listen, upstream: current.upstream });
          },
        };
      }
      case 'process': {
        const fields: FaultFields = { ...base, kind: 'process', target: { service: fault.service }, action: fault.action };
        if (fault.action === 'pause') {
          await apis.supervisor(`/services/${fault.service}/pause`, { ttl_ms: leaseTtlMs, holder });
          return { faultId: base.faultId, fields: { ...fields, lease }, undo: () => apis.supervisor(`/services/${fault.service}/resume`, undefined, [409]) };
        }
        if (fault.action === 'kill') {
          await apis.supervisor(`/services/${fault.service}/kill`);
          return { faultId: base.faultId, fields, undo: () => apis.supervisor(`/services/${fault.service}/restart`) };
        }
        await apis.supervisor(`/services/${fault.service}/restart`);
        return { faultId: base.faultId, fields, undo: async () => {} };
      }
      case 'policy': {
        await apis.setPolicy(fault.service, fault.peer, fault.policy);
        const fields: FaultFields = { ...base, kind: 'policy', target: { service: fault.service, peer: fault.peer }, policy: fault.policy as unknown as JsonValue };
        return { faultId: base.faultId, fields, undo: () => apis.setPolicy(fault.service, fault.peer, fault.declared) };
      }
    }
  }

  async #renew(): Promise<void> {
    const { apis, holder, leaseTtlMs } = this.#options;
    // A failed renewal is retried on the next tick; the lease is three ticks long.
    if (this.#leases.proxy) await apis.renewProxyLeases(holder, leaseTtlMs).catch(() => undefined);
    if (this.#leases.supervisor) await apis.renewSupervisorLeases(holder, leaseTtlMs).catch(() => undefined);
  }
}

/** A fault that is already gone (its lease lapsed, someone pressed panic) counts as removed. */
async function ignoreMissing(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!/not found|404/i.test((error as Error).message)) throw error;
  }
}
