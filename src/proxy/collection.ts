import type { Clock } from '../core/clock.js';
import type { LeaseBook } from '../core/leases.js';
import type { Logger } from '../core/logger.js';
import type { Rng } from '../core/random.js';
import {
  badAttributes,
  invalidStream,
  invalidToxicType,
  leaseNotFound,
  listenFailed,
  proxyExists,
  proxyNotFound,
  toxicExists,
  toxicNotFound,
} from './api-errors.js';
import { AuditLog } from './audit-log.js';
import { leaseJson, proxyLeaseBook, type LeaseJson, type LeaseTarget, type ProxyLease } from './leases.js';
import { resolveListen } from './listen-address.js';
import { ListenError, Proxy } from './proxy.js';
import type { ProxyInput, ProxyPatch, ToxicInput, ToxicPatch } from './requests.js';
import { decodeAttributes, zeroAttributes } from './toxics/attributes.js';
import { findToxicType } from './toxics/registry.js';
import { parseDirection, toxicJson, type ToxicState } from './toxic-state.js';

export interface CollectionDependencies {
  clock: Clock;
  rng: Rng;
  logger: Logger;
}

/**
 * Every proxy of one server, and every change to them. All state changes run one at a time (as
 * Toxiproxy holds a lock), are recorded in the audit log, and keep leases consistent: a fault that
 * goes away by any route takes its lease with it.
 */
export class ProxyCollection {
  readonly audit: AuditLog;
  readonly leases: LeaseBook<LeaseTarget>;
  private readonly proxies = new Map<string, Proxy>();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CollectionDependencies) {
    this.audit = new AuditLog(deps.clock);
    this.leases = proxyLeaseBook(deps.clock, (lease) => void this.expire(lease));
  }

  list(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw proxyNotFound();
    return proxy;
  }

  create(input: ProxyInput): Promise<Proxy> {
    return this.serial(async () => {
      // Checked before binding, so a name clash never leaks a port (Toxiproxy #69).
      if (this.proxies.has(input.name)) throw proxyExists();
      const proxy = await this.startNew(input);
      this.audit.record('proxy.created', { proxy: proxy.name, detail: { listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled } });
      return proxy;
    });
  }

  update(name: string, patch: ProxyPatch): Promise<Proxy> {
    return this.serial(async () => {
      const proxy = this.get(name);
      const before = { listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled };
      const listen = patch.listen ?? proxy.listen;
      const upstream = patch.upstream ?? proxy.upstream;
      const enabled = patch.enabled ?? proxy.enabled;
      const sameListen = listen === proxy.listen || (await proxy.listensOn(listen));
      if (!sameListen) await this.checkResolvable(listen);
      if (!sameListen || upstream !== proxy.upstream) {
        // Toxiproxy restarts the listener, dropping connections, whenever the address or upstream changes.
        await proxy.stop();
        proxy.listen = listen;
        proxy.upstream = upstream;
      }
      if (enabled && !proxy.enabled) await this.startOrFail(proxy);
      if (!enabled && proxy.enabled) await proxy.stop();
      if (proxy.enabled) this.leases.release({ proxy: name });
      const after = { listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled };
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((key) => after[key] !== before[key]);
      if (changed.length > 0) this.audit.record('proxy.updated', { proxy: name, detail: { changed, before, after } });
      return proxy;
    });
  }

  remove(name: string): Promise<void> {
    return this.serial(async () => {
      const proxy = this.get(name);
      this.proxies.delete(name);
      this.leases.releaseWhere((target) => target.proxy === name);
      await proxy.stop();
      this.audit.record('proxy.deleted', { proxy: name });
    });
  }

  /**
   * Create or replace proxies in order (POST /populate and --config). An entry equal to an existing
   * proxy (same resolved listen and upstream) keeps it untouched, toxics and all. The first failure
   * stops processing and is returned with the proxies done so far.
   */
  populate(inputs: ProxyInput[]): Promise<{ proxies: Proxy[]; error?: Error & { status?: number } }> {
    return this.serial(async () => {
      const done: Proxy[] = [];
      for (const input of inputs) {
        try {
          done.push(await this.populateOne(input));
        } catch (error) {
          return { proxies: done, error: error as Error };
        }
      }
      return { proxies: done };
    });
  }

  /** Re-enable every proxy and remove every toxic; proxies stay (POST /reset). */
  reset(): Promise<void> {
    return this.serial(async () => {
      this.leases.clear();
      const removed: Array<{ proxy: string; toxics: string[] }> = [];
      for (const proxy of this.list()) {
        await this.startOrFail(proxy);
        removed.push({ proxy: proxy.name, toxics: proxy.removeAllToxics().map((t) => t.name) });
      }
      this.audit.record('reset', { detail: { proxies: removed } });
    });
  }

  addToxic(proxyName: string, input: ToxicInput): Promise<ToxicState> {
    return this.serial(async () => {
      const proxy = this.get(proxyName);
      const stream = input.stream ?? 'downstream';
      const direction = parseDirection(stream);
      if (!direction) throw invalidStream();
      const name = input.name || `${input.type}_${stream}`;
      const type = findToxicType(input.type);
      if (!type) throw invalidToxicType();
      if (proxy.findToxic(name)) throw toxicExists();
      const attributes = decodeAttributes(type, zeroAttributes(type), input.attributes);
      if (!attributes.ok) throw badAttributes(attributes.message);
      const toxic: ToxicState = { name, type, stream, direction, toxicity: input.toxicity ?? 1, attributes: attributes.attributes };
      proxy.addToxic(toxic);
      this.audit.record('toxic.added', { proxy: proxyName, toxic: name, detail: { ...toxicJson(toxic) } });
      return toxic;
    });
  }

  getToxic(proxyName: string, toxicName: string): ToxicState {
    const toxic = this.get(proxyName).findToxic(toxicName);
    if (!toxic) throw toxicNotFound();
    return toxic;
  }

  updateToxic(proxyName: string, toxicName: string, patch: ToxicPatch): Promise<ToxicState> {
    return this.serial(async () => {
      const proxy = this.get(proxyName);
      const toxic = this.getToxic(proxyName, toxicName);
      // Decode fully before touching the live toxic: an invalid update changes nothing.
      const attributes = decodeAttributes(toxic.type, toxic.attributes, patch.attributes);
      if (!attributes.ok) throw badAttributes(attributes.message);
      const before = toxicJson(toxic);
      toxic.attributes = attributes.attributes;
      toxic.toxicity = patch.toxicity ?? toxic.toxicity;
      proxy.updateToxic(toxic);
      this.audit.record('toxic.updated', { proxy: proxyName, toxic: toxicName, detail: { before, after: toxicJson(toxic) } });
      return toxic;
    });
  }

  removeToxic(proxyName: string, toxicName: string): Promise<void> {
    return this.serial(async () => {
      const proxy = this.get(proxyName);
      if (!proxy.removeToxic(toxicName)) throw toxicNotFound();
      this.leases.release({ proxy: proxyName, toxic: toxicName });
      this.audit.record('toxic.removed', { proxy: proxyName, toxic: toxicName, detail: { reason: 'api' } });
    });
  }

  /** Put a lease on a toxic or on a proxy's outage; renewing is setting again (leases.ts decodes the body). */
  setLease(target: LeaseTarget, ttlMs: number, holder: string): Promise<LeaseJson> {
    return this.serial(async () => {
      if (target.toxic !== undefined) this.getToxic(target.proxy, target.toxic);
      else this.get(target.proxy);
      const renewing = this.leases.get(target) !== undefined;
      const lease = leaseJson(this.leases.set(target, ttlMs, holder));
      if (!renewing) this.audit.record('lease.set', { proxy: target.proxy, ...(target.toxic ? { toxic: target.toxic } : {}), detail: { ...lease } });
      return lease;
    });
  }

  getLease(target: LeaseTarget): LeaseJson {
    const lease = this.leases.get(target);
    if (!lease) throw leaseNotFound();
    return leaseJson(lease);
  }

  releaseLease(target: LeaseTarget): Promise<void> {
    return this.serial(async () => {
      const lease = this.leases.release(target);
      if (!lease) throw leaseNotFound();
      this.audit.record('lease.released', { proxy: target.proxy, ...(target.toxic ? { toxic: target.toxic } : {}), detail: { holder: lease.holder } });
    });
  }

  /** Stop every proxy and forget all leases (server shutdown). */
  close(): Promise<void> {
    return this.serial(async () => {
      this.leases.clear();
      await Promise.all(this.list().map((proxy) => proxy.stop()));
    });
  }

  /** A lease lapsed: its runner is gone, so the fault it guarded is reverted. */
  private expire({ key: target, holder }: ProxyLease): Promise<void> {
    return this.serial(async () => {
      const proxy = this.proxies.get(target.proxy);
      if (!proxy) return;
      let reverted = 'nothing';
      if (target.toxic !== undefined) {
        if (proxy.removeToxic(target.toxic)) reverted = 'toxic removed';
      } else if (!proxy.enabled) {
        try {
          await proxy.start();
          reverted = 'proxy enabled';
        } catch (error) {
          this.deps.logger.error({ proxy: proxy.name, err: error }, 'lease expired but the proxy could not be re-enabled');
          reverted = `re-enable failed: ${(error as Error).message}`;
        }
      }
      this.deps.logger.warn({ proxy: target.proxy, toxic: target.toxic, holder }, `lease expired: ${reverted}`);
      this.audit.record('lease.expired', { proxy: target.proxy, ...(target.toxic ? { toxic: target.toxic } : {}), detail: { holder, reverted } });
      if (target.toxic !== undefined && reverted === 'toxic removed') {
        this.audit.record('toxic.removed', { proxy: target.proxy, toxic: target.toxic, detail: { reason: 'lease expired' } });
      }
    });
  }

  private async populateOne(input: ProxyInput): Promise<Proxy> {
    const existing = this.proxies.get(input.name);
    if (existing && input.upstream === existing.upstream && (await existing.listensOn(input.listen))) return existing;
    if (existing) {
      const wasEnabled = existing.enabled;
      await existing.stop();
      try {
        const replacement = await this.startNew(input);
        this.leases.releaseWhere((target) => target.proxy === input.name);
        this.audit.record('proxy.deleted', { proxy: input.name, detail: { reason: 'replaced by populate' } });
        this.audit.record('proxy.created', { proxy: replacement.name, detail: { listen: replacement.listen, upstream: replacement.upstream, enabled: replacement.enabled, via: 'populate' } });
        return replacement;
      } catch (error) {
        // Bad input loses nothing: the old proxy goes back as it was (Toxiproxy leaves it disabled).
        if (wasEnabled) await existing.start().catch(() => undefined);
        throw error;
      }
    }
    const proxy = await this.startNew(input);
    this.audit.record('proxy.created', { proxy: proxy.name, detail: { listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled, via: 'populate' } });
    return proxy;
  }

  private async startNew(input: ProxyInput): Promise<Proxy> {
    const proxy = new Proxy(input, this.deps);
    if (input.enabled) await this.startOrFail(proxy);
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  private async startOrFail(proxy: Proxy): Promise<void> {
    try {
      await proxy.start();
    } catch (error) {
      if (error instanceof ListenError) throw listenFailed(error.message);
      throw error;
    }
  }

  /** Toxiproxy resolves a new listen before changing anything; a failure is a 500 and no change. */
  private async checkResolvable(listen: string): Promise<void> {
    await resolveListen(listen).catch((error: Error) => {
      throw listenFailed(error.message);
    });
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
