import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Rng } from '../core/random.js';
import { Link, type Direction } from './link.js';
import { bindErrorMessage, joinHostPort, resolveListen, splitHostPort } from './listen-address.js';
import { adoptAccepted, ReadBuffer } from './read-buffer.js';
import { toxicJson, type ToxicJson, type ToxicState } from './toxic-state.js';

export interface ProxyConfig {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

export interface ProxyDependencies {
  clock: Clock;
  rng: Rng;
  logger: Logger;
}

/** Toxiproxy's proxy JSON, keys in its order. `Logger` is an artefact of its Go struct, kept for fidelity. */
export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  Logger: Record<string, never>;
  toxics: ToxicJson[];
}

export interface ByteCount {
  direction: Direction;
  listener: string;
  upstream: string;
  received: number;
  sent: number;
}

/** Raised with a Go-style message when a listen address cannot be resolved or bound. */
export class ListenError extends Error {}

/**
 * One named proxy: a TCP listener, its live connections and the toxics applied to them.
 * The collection serialises calls; a proxy never has two state changes in flight.
 */
export class Proxy {
  readonly name: string;
  /** The configured listen, replaced by the bound address once started (as Toxiproxy reports it). */
  listen: string;
  upstream: string;
  private server: Server | undefined;
  private readonly links = new Set<Link>();
  private toxicList: ToxicState[] = [];
  private readonly closedCounts = new Map<string, ByteCount>();
  /** Connections accepted and upstream dials that failed, for the proxy's metrics. */
  accepted = 0;
  upstreamErrors = 0;

  constructor(
    config: ProxyConfig,
    private readonly deps: ProxyDependencies,
  ) {
    this.name = config.name;
    this.listen = config.listen;
    this.upstream = config.upstream;
  }

  get enabled(): boolean {
    return this.server !== undefined;
  }

  get connectionCount(): number {
    return this.links.size;
  }

  /** Toxics in Toxiproxy's listing order: every upstream toxic, then every downstream one. */
  get toxics(): ToxicState[] {
    return [...this.toxicList.filter((t) => t.direction === 'upstream'), ...this.toxicList.filter((t) => t.direction === 'downstream')];
  }

  toJSON(): ProxyJson {
    return { name: this.name, listen: this.listen, upstream: this.upstream, enabled: this.enabled, Logger: {}, toxics: this.toxics.map(toxicJson) };
  }

  /** Bind the listener. Throws ListenError with Go's wording when the address cannot be used. */
  async start(): Promise<void> {
    if (this.server) return;
    let address;
    try {
      address = await resolveListen(this.listen);
    } catch (error) {
      throw new ListenError((error as Error).message);
    }
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => reject(new ListenError(bindErrorMessage(joinHostPort(address.host, address.port), error)));
      server.once('error', onError);
      server.listen({ host: address.host, port: address.port }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', (error) => this.deps.logger.error({ proxy: this.name, err: error }, 'proxy listener error'));
    const bound = server.address();
    if (bound && typeof bound === 'object') this.listen = joinHostPort(bound.address, bound.port);
    this.server = server;
  }

  /** Stop listening and close every connection (clients see the connection end). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const link of this.links) link.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Whether `listen` names the address this proxy is bound to now (Toxiproxy's no-restart rule, #631). */
  async listensOn(listen: string): Promise<boolean> {
    try {
      const wanted = await resolveListen(listen);
      return joinHostPort(wanted.host, wanted.port) === this.listen;
    } catch {
      return false;
    }
  }

  findToxic(name: string): ToxicState | undefined {
    return this.toxicList.find((t) => t.name === name);
  }

  /** Add a toxic at the end of its direction's chain, on every live connection too. */
  addToxic(toxic: ToxicState): void {
    this.toxicList.push(toxic);
    for (const link of this.links) link.flow(toxic.direction).pipeline.add(toxic);
  }

  /** Replace a toxic's toxicity and attributes; live stages keep their state and re-roll toxicity. */
  updateToxic(toxic: ToxicState): void {
    for (const link of this.links) link.flow(toxic.direction).pipeline.update(toxic);
  }

  removeToxic(name: string): ToxicState | undefined {
    const toxic = this.findToxic(name);
    if (!toxic) return undefined;
    this.toxicList = this.toxicList.filter((t) => t !== toxic);
    for (const link of this.links) link.flow(toxic.direction).pipeline.remove(name);
    return toxic;
  }

  removeAllToxics(): ToxicState[] {
    const removed = this.toxics;
    for (const toxic of removed) this.removeToxic(toxic.name);
    return removed;
  }

  /** Bytes per direction, closed connections plus live ones (Faultline counts live; Toxiproxy only at close). */
  byteCounts(): ByteCount[] {
    const counts = new Map<string, ByteCount>();
    for (const [key, count] of this.closedCounts) counts.set(key, { ...count });
    for (const link of this.links) {
      for (const direction of ['upstream', 'downstream'] as const) {
        const flow = link.flow(direction);
        addCount(counts, { direction, listener: link.listener, upstream: this.upstream, received: flow.received, sent: flow.sent });
      }
    }
    return [...counts.values()];
  }

  private accept(accepted: Socket): void {
    this.accepted++;
    const listener = this.listen;
    const target = splitHostPort(this.upstream);
    if ('error' in target) {
      this.upstreamErrors++;
      accepted.destroy();
      return;
    }
    const clientReader = new ReadBuffer();
    const serverReader = new ReadBuffer();
    const adopted = adoptAccepted(accepted, clientReader);
    const client = adopted.socket;
    // Unlike Toxiproxy, the dial does not block the accept loop: a black-holed upstream stalls only
    // the connections that need it.
    const server = connect({ host: target.host, port: target.port, allowHalfOpen: true, onread: serverReader.onread });
    const readers = { ...(adopted.reused ? { client: clientReader } : {}), server: serverReader };
    const link = new Link(client, server, readers, listener, this.deps.clock, this.deps.rng, (closed) => this.forget(closed), this.toxics);
    this.links.add(link);
    let connected = false;
    server.once('connect', () => {
      connected = true;
      link.start();
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (!connected) {
        this.upstreamErrors++;
        this.deps.logger.warn({ proxy: this.name, upstream: this.upstream, code: error.code }, `proxy ${this.name}: cannot reach upstream ${this.upstream}: ${error.message}`);
      }
    });
  }

  private forget(link: Link): void {
    if (!this.links.delete(link)) return;
    for (const direction of ['upstream', 'downstream'] as const) {
      const flow = link.flow(direction);
      addCount(this.closedCounts, { direction, listener: link.listener, upstream: this.upstream, received: flow.received, sent: flow.sent });
    }
  }
}

function addCount(into: Map<string, ByteCount>, count: ByteCount): void {
  const key = `${count.direction}\u0000${count.listener}\u0000${count.upstream}`;
  const existing = into.get(key);
  if (existing) {
    existing.received += count.received;
    existing.sent += count.sent;
  } else into.set(key, { ...count });
}
