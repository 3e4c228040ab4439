import { Toxiproxy, type ICreateToxicBody } from 'toxiproxy-node-client';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Fault } from './experiment/model.js';
import type { FaultFields, JsonValue, RemovalReason } from './journal/events.js';
import { enableProxy, removeToxic, type ControlApis } from './control-apis.js';
import type { ProcessControl } from './process-control.js';

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
  /** How often the leases are renewed: the plan's (a fifth of the TTL), so the dry run tells the truth. */
  renewEveryMs?: number;
  clock: Clock;
  observer: FaultObserver;
}

export class FaultController {
  readonly #options: FaultControllerOptions;
  readonly #toxiproxy: Toxiproxy;
  readonly #active = new Map<string, FaultRecord>();
  /** Removals under way: a second removal of one fault (schedule and rollback at the same instant) joins the first. */
  readonly #removing = new Map<string, Promise<void>>();
  /**
   * Injections under way, by fault, each settling (never rejecting) once its fault is in active() or
   * failed: a rollback waits for them all, and a removal of a fault still on its way waits for it,
   * or a fault landing just after either would stay.
   */
  readonly #injecting = new Map<string, Promise<void>>();
  #renewTimer: TimerHandle | undefined;
  #leases = { proxy: false, supervisor: false };

  constructor(options: FaultControllerOptions) {
    this.#options = options;
    this.#toxiproxy = new Toxiproxy(options.apis.toxiproxyUrl);
  }

  /** Whether faults will carry leases: the proxy offers the extension (a real Toxiproxy does not). */
  async detectLeases(): Promise<{ proxy: boolean; supervisor: boolean }> {
    this.#leases = { proxy: await this.#options.apis.proxyOffersLeases(), supervisor: this.#options.apis.processes?.leases ?? false };
    return { ...this.#leases };
  }

  active(): FaultRecord[] {
    return [...this.#active.values()];
  }

  /** Renew every lease of this run every `renewEveryMs` (default a fifth of the TTL), until stopRenewing(). */
  startRenewing(): void {
    const every = this.#options.renewEveryMs ?? Math.max(200, Math.floor(this.#options.leaseTtlMs / 5));
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

  inject(fault: Fault, faultId: string, plannedOffsetMs: number): Promise<void> {
    const injection = this.#inject(fault, { faultId, plannedOffsetMs });
    const settled: Promise<void> = injection.then(noop, noop).then(() => {
      if (this.#injecting.get(faultId) === settled) this.#injecting.delete(faultId);
    });
    this.#injecting.set(faultId, settled);
    return injection;
  }

  async #inject(fault: Fault, base: { faultId: string; plannedOffsetMs: number }): Promise<void> {
    const undo = () => this.#undo(fault);
    let fields: FaultFields;
    try {
      fields = await this.#apply(fault, base);
    } catch (error) {
      // A failed injection may still have been applied (a timeout proves nothing; a lease can fail
      // after the toxic went in), so it is journalled with its error and kept for the rollback,
      // whose removal tolerates a fault that is not there (events.ts, FaultFields.error).
      const failed: FaultRecord = { faultId: base.faultId, fields: { ...describeFault(fault, base), error: (error as Error).message }, undo };
      this.#active.set(base.faultId, failed);
      this.#options.observer.injected(failed.fields);
      throw error;
    }
    const record: FaultRecord = { faultId: base.faultId, fields, undo };
    this.#active.set(base.faultId, record);
    this.#options.observer.injected(record.fields);
  }

  /** Resolves once no injection is under way (each has either landed in active() or failed). */
  async injectionsSettled(): Promise<void> {
    while (this.#injecting.size > 0) await Promise.all([...this.#injecting.values()]);
  }

  /**
   * Remove one fault (its scheduled end); a fault already gone is a no-op, one being removed is
   * joined, and one still being injected is removed as soon as its injection settles (landed or
   * failed half-way), so a slow injection cannot outlive its scheduled end.
   */
  remove(faultId: string, reason: RemovalReason): Promise<void> {
    const injecting = this.#injecting.get(faultId);
    // Once `injecting` settles its entry is gone, so the second call goes on to the removal.
    if (injecting) return injecting.then(() => this.remove(faultId, reason));
    const pending = this.#removing.get(faultId);
    if (pending) return pending;
    const record = this.#active.get(faultId);
    if (!record) return Promise.resolve();
    const removal = (async () => {
      try {
        await record.undo();
        this.#active.delete(faultId);
        this.#options.observer.removed({ ...record.fields, reason });
      } catch (error) {
        this.#options.observer.removalFailed(record.fields, error as Error);
        throw error;
      } finally {
        this.#removing.delete(faultId);
      }
    })();
    this.#removing.set(faultId, removal);
    return removal;
  }

  /** Remove every fault still in place, each attempted even when another fails. Returns the failures. */
  async removeAll(reason: RemovalReason): Promise<Array<{ faultId: string; error: Error }>> {
    await this.injectionsSettled();
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

  /** Put the fault in place; the fields the journal records of it. */
  async #apply(fault: Fault, base: { faultId: string; plannedOffsetMs: number }): Promise<FaultFields> {
    const { apis, holder, leaseTtlMs } = this.#options;
    const lease = { ttlMs: leaseTtlMs, holder };
    const described = describeFault(fault, base);
    switch (fault.kind) {
      case 'toxic': {
        const proxy = await this.#toxiproxy.get(fault.proxy);
        const body = { name: fault.toxicName, type: fault.type, stream: fault.stream, toxicity: fault.toxicity, attributes: { ...fault.attributes } } as unknown as ICreateToxicBody<unknown>;
        await proxy.addToxic(body);
        const audit = await apis.latestProxyAuditId();
        if (this.#leases.proxy) await apis.leaseToxic(fault.proxy, fault.toxicName, lease);
        return { ...described, ...(this.#leases.proxy ? { lease } : {}), ...(audit !== undefined ? { auditEventId: audit } : {}) };
      }
      case 'outage': {
        const proxy = await this.#toxiproxy.get(fault.proxy);
        await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
        const audit = await apis.latestProxyAuditId();
        if (this.#leases.proxy) await apis.leaseProxy(fault.proxy, lease);
        return { ...described, ...(this.#leases.proxy ? { lease } : {}), ...(audit !== undefined ? { auditEventId: audit } : {}) };
      }
      case 'process': {
        const processes = processesOf(apis, fault.service);
        if (fault.action === 'pause') {
          await processes.act(fault.service, 'pause', { ttlMs: leaseTtlMs, holder });
          return { ...described, ...(processes.leases ? { lease } : {}) };
        }
        await processes.act(fault.service, fault.action);
        return described;
      }
      case 'policy': {
        await apis.setPolicy(fault.service, fault.peer, fault.policy);
        return described;
      }
    }
  }

  /** Take the fault away; a fault that is not (or no longer) there is not an error. */
  async #undo(fault: Fault): Promise<void> {
    const { apis } = this.#options;
    switch (fault.kind) {
      case 'toxic':
        return removeToxic(this.#toxiproxy, fault.proxy, fault.toxicName);
      case 'outage':
        return enableProxy(this.#toxiproxy, fault.proxy);
      case 'process':
        // A restart is over once it happened; a kill is undone by starting the service again.
        if (fault.action === 'pause') return processesOf(apis, fault.service).act(fault.service, 'resume');
        if (fault.action === 'kill') return processesOf(apis, fault.service).act(fault.service, 'restart');
        return;
      case 'policy':
        return apis.setPolicy(fault.service, fault.peer, fault.declared);
    }
  }

  async #renew(): Promise<void> {
    const { apis, holder, leaseTtlMs } = this.#options;
    // A failed renewal is retried on the next tick; the lease is five ticks long.
    if (this.#leases.proxy) await apis.renewProxyLeases(holder, leaseTtlMs).catch(() => undefined);
    if (this.#leases.supervisor) await apis.processes?.renewLeases(holder, leaseTtlMs).catch(() => undefined);
  }
}

function noop(): void {}

/** What the journal says of a fault whatever became of it: kind, target and what it does. */
function describeFault(fault: Fault, base: { faultId: string; plannedOffsetMs: number }): FaultFields {
  switch (fault.kind) {
    case 'toxic':
      return { ...base, kind: 'toxic', target: { proxy: fault.proxy, stream: fault.stream }, toxic: { name: fault.toxicName, type: fault.type, stream: fault.stream, toxicity: fault.toxicity, attributes: { ...fault.attributes } } };
    case 'outage':
      return { ...base, kind: 'outage', target: { proxy: fault.proxy } };
    case 'process':
      return { ...base, kind: 'process', target: { service: fault.service }, action: fault.action };
    case 'policy':
      return { ...base, kind: 'policy', target: { service: fault.service, peer: fault.peer }, policy: fault.policy as unknown as JsonValue };
  }
}

/** A fault that is already gone (its lease lapsed, someone pressed panic) counts as removed. */
function processesOf(apis: ControlApis, service: string): ProcessControl {
  if (!apis.processes) throw new Error(`process faults on ${service} need the Faultline supervisor or a Docker engine running the services, and this system has neither`);
  return apis.processes;
}
