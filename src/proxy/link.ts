import type { Socket } from 'node:net';
import type { Clock } from '../core/clock.js';
import type { Rng } from '../core/random.js';
import { Flow } from './flow.js';
import type { ReadBuffer } from './read-buffer.js';
import type { StageDefinition } from './stream/pipeline.js';

export type Direction = 'upstream' | 'downstream';

/** A FIN that a peer never acknowledges must not pin a socket forever. */
const GRACEFUL_CLOSE_LIMIT_MS = 5000;

/**
 * One proxied TCP connection: the client socket, the upstream socket, and a flow each way
 * (`upstream` carries client → server bytes, `downstream` server → client).
 */
export class Link {
  readonly upstream: Flow;
  readonly downstream: Flow;
  /** The proxy's listen address when the connection started: the byte counters' `listener` label. */
  readonly listener: string;
  private closed = false;
  private endedFlows = 0;

  constructor(
    private readonly client: Socket,
    private readonly server: Socket,
    readers: { client?: ReadBuffer; server?: ReadBuffer },
    listener: string,
    private readonly clock: Clock,
    rng: Rng,
    private readonly onClosed: (link: Link) => void,
    toxics: ReadonlyArray<StageDefinition & { direction: Direction }>,
  ) {
    this.listener = listener;
    this.upstream = new Flow(client, readers.client, server, this, clock, rng);
    this.downstream = new Flow(server, readers.server, client, this, clock, rng);
    for (const toxic of toxics) this.flow(toxic.direction).pipeline.add(toxic);
    for (const socket of [client, server]) {
      socket.setNoDelay(true);
      socket.on('error', (error: NodeJS.ErrnoException) => this.onSocketError(socket, error));
      socket.on('close', () => this.onSocketClose(socket));
    }
  }

  flow(direction: Direction): Flow {
    return direction === 'upstream' ? this.upstream : this.downstream;
  }

  /** The upstream is connected: let bytes flow. */
  start(): void {
    this.upstream.start();
    this.downstream.start();
    this.client.resume();
  }

  flowEnded(): void {
    this.endedFlows++;
  }

  /** Close both sockets with FINs once what was written has gone out. */
  closeConnection(): void {
    if (this.closed) return;
    this.stopFlows();
    for (const socket of [this.client, this.server]) {
      if (socket.destroyed) continue;
      socket.end();
      const limit = this.clock.setTimer(() => socket.destroy(), GRACEFUL_CLOSE_LIMIT_MS);
      socket.once('close', () => limit.cancel());
    }
  }

  /** Abort both sockets with a TCP RST. */
  resetConnection(): void {
    if (this.closed) return;
    this.stopFlows();
    for (const socket of [this.client, this.server]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
  }

  /** Tear the connection down at once (proxy disabled or deleted): peers see the connection close. */
  destroy(): void {
    if (this.closed) return;
    this.stopFlows();
    this.client.destroy();
    this.server.destroy();
  }

  private stopFlows(): void {
    this.upstream.stop();
    this.downstream.stop();
  }

  private onSocketError(socket: Socket, error: NodeJS.ErrnoException): void {
    // A peer's RST is passed on as an RST, so the other side sees what a direct connection would.
    const other = socket === this.client ? this.server : this.client;
    this.stopFlows();
    if (error.code === 'ECONNRESET' && !other.destroyed) other.resetAndDestroy();
    else other.destroy();
  }

  private onSocketClose(socket: Socket): void {
    if (this.closed) return;
    if (this.client.destroyed && this.server.destroyed) {
      this.closed = true;
      this.stopFlows();
      this.onClosed(this);
      return;
    }
    // One side vanished without a clean half-close: the other side cannot be served any more. A side
    // whose FIN came in closed cleanly, though: what its toxics still hold (a delayed reply and that
    // FIN) must reach the other side, which closes once it has.
    const reading = socket === this.client ? this.upstream : this.downstream;
    if (this.endedFlows < 2 && !reading.pipeline.hasEnded) {
      const other = socket === this.client ? this.server : this.client;
      if (!other.destroyed) other.destroy();
    }
  }
}
