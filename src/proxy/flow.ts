import type { Socket } from 'node:net';
import type { Clock } from '../core/clock.js';
import type { Rng } from '../core/random.js';
import type { ReadBuffer } from './read-buffer.js';
import { Pipeline, type PipelineSink } from './stream/pipeline.js';

/**
 * Bytes a direction may hold inside its toxic chain before the source is paused. Latency must not
 * throttle throughput (Toxiproxy buffers 1024 chunks ≈ 32 MiB), so the bound is generous; it only
 * matters while a toxic holds data back.
 */
const CHAIN_HIGH_WATER = 32 * 1024 * 1024;
const CHAIN_LOW_WATER = CHAIN_HIGH_WATER / 2;

/** What a flow asks of the connection it belongs to. */
export interface FlowOwner {
  closeConnection(): void;
  resetConnection(): void;
  /** Both sockets have finished this direction: called once per flow. */
  flowEnded(): void;
}

/**
 * One direction of a proxied connection: reads `source`, runs the bytes through the direction's
 * toxic pipeline, writes `destination`, and keeps memory bounded by pausing the source while the
 * destination or the chain is full. The hot path (no toxics) is a read, a counter and a write.
 */
export class Flow implements PipelineSink {
  /** Bytes read from the source (Toxiproxy's received_bytes). */
  received = 0;
  /** Bytes written to the destination (Toxiproxy's sent_bytes). */
  sent = 0;
  readonly pipeline: Pipeline;
  private inChain = 0;
  private finished = false;

  constructor(
    private readonly source: Socket,
    /** Where the source's reads land when they reuse memory (see ReadBuffer); else Node's 'data' events. */
    private readonly reader: ReadBuffer | undefined,
    private readonly destination: Socket,
    private readonly owner: FlowOwner,
    clock: Clock,
    rng: Rng,
  ) {
    this.pipeline = new Pipeline(this, clock, rng);
  }

  start(): void {
    if (this.reader) this.reader.sink = this.onRead;
    else this.source.on('data', this.onData);
    this.source.on('end', this.onEnd);
    this.destination.on('drain', this.resumeIfRoom);
  }

  /** Stop reading: the connection is being torn down and nothing more should flow. */
  stop(): void {
    if (this.reader) this.reader.sink = () => {};
    this.source.off('data', this.onData);
    this.source.off('end', this.onEnd);
    this.pipeline.dispose();
  }

  deliver(data: Buffer): void {
    this.inChain -= data.length;
    this.sent += data.length;
    const queuedBefore = this.destination.writableLength;
    const flushed = this.destination.write(data);
    // A write that could not go out at once keeps pointing at `data`: never read over it.
    if (this.destination.writableLength > queuedBefore) this.reader?.release(data);
    if (!flushed) this.source.pause();
    // A toxic releasing held bytes into a destination that keeps up emits no 'drain': resume here,
    // or a source paused at CHAIN_HIGH_WATER would stay paused for good.
    else if (this.inChain <= CHAIN_LOW_WATER && this.source.isPaused()) this.source.resume();
  }

  deliverEnd(): void {
    if (this.finished) return;
    this.finished = true;
    // Half-close: the other direction keeps flowing (Toxiproxy closes both; see docs/TOXICS.md).
    if (!this.destination.destroyed) this.destination.end();
    this.owner.flowEnded();
  }

  discard(bytes: number): void {
    this.inChain -= bytes;
    this.resumeIfRoom();
  }

  closeConnection(): void {
    this.owner.closeConnection();
  }

  resetConnection(): void {
    this.owner.resetConnection();
  }

  /** A read into the reused buffer: the fast path writes it straight out; toxics get a copy to hold. */
  private onRead = (view: Buffer): void => {
    this.onData(this.pipeline.isEmpty ? view : Buffer.from(view));
  };

  private onData = (data: Buffer): void => {
    this.received += data.length;
    this.inChain += data.length;
    this.pipeline.write(data);
    if (this.inChain > CHAIN_HIGH_WATER) this.source.pause();
  };

  private onEnd = (): void => {
    this.pipeline.end();
  };

  private resumeIfRoom = (): void => {
    if (this.source.isPaused() && this.inChain <= CHAIN_LOW_WATER && !this.destination.writableNeedDrain) this.source.resume();
  };
}
