import type { Clock } from '../../core/clock.js';
import type { Rng } from '../../core/random.js';

/**
 * One read from a socket travelling through a direction's toxic chain. `timestamp` is the monotonic
 * time the chunk is due at the current stage: latency stages move it forward so that delays in a
 * chain add up (two 500 ms latency toxics give 1 s), as in Toxiproxy.
 */
export interface Chunk {
  data: Buffer;
  timestamp: number;
}

/** What a toxic stage may do with what it receives. Stages never see sockets. */
export interface StageContext {
  readonly clock: Clock;
  readonly rng: Rng;
  /** Pass a chunk to the next stage (or to the destination socket). */
  emit(chunk: Chunk): void;
  /** Pass the source's end-of-stream on (a half-close of the destination when it gets there). */
  end(): void;
  /** End the whole connection with FINs, after data already emitted has been written. */
  closeConnection(): void;
  /** End the whole connection with TCP RSTs on both sockets. */
  resetConnection(): void;
  /** Report bytes a stage dropped, so flow control stops counting them as in flight. */
  discard(bytes: number): void;
}

export type ToxicAttributes = Record<string, number>;

/** A toxic's behaviour on one direction of one connection. */
export interface ToxicStage {
  write(chunk: Chunk): void;
  end(): void;
  /** New attributes for a live stage; state that Toxiproxy keeps across updates is kept. */
  update(attributes: ToxicAttributes): void;
  /** The toxic was removed while the connection lives: hand on what the stage holds, synchronously. */
  detach(): void;
  /** The connection is gone: cancel timers and drop what is held. */
  dispose(): void;
}

export interface AttributeSpec {
  name: string;
  /** Unit shown in messages and docs, e.g. "ms", "KB/s", "bytes", "µs". */
  unit: string;
  /** Smallest accepted value (Toxiproxy accepts anything; Faultline refuses values that hang or crash). */
  min: number;
}

/** One kind of toxic, registered by name (Toxiproxy's habit: one small interface, many implementations). */
export interface ToxicType {
  readonly type: string;
  /** In the order Toxiproxy emits them in JSON. */
  readonly attributes: readonly AttributeSpec[];
  /** Cross-field checks; returns a message naming the problem, or undefined when the set is usable. */
  check?(attributes: ToxicAttributes): string | undefined;
  create(attributes: ToxicAttributes, context: StageContext): ToxicStage;
}

/** A stage that lets everything through; also what a toxic becomes when its toxicity roll fails. */
export function passThrough(context: StageContext): ToxicStage {
  return {
    write: (chunk) => context.emit(chunk),
    end: () => context.end(),
    update: () => {},
    detach: () => {},
    dispose: () => {},
  };
}
