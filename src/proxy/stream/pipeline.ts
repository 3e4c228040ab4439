import type { Clock } from '../../core/clock.js';
import type { Rng } from '../../core/random.js';
import { passThrough, type StageContext, type ToxicAttributes, type ToxicStage, type ToxicType } from './stage.js';

/** Where the last stage of a direction's chain delivers; implemented by the socket side (link). */
export interface PipelineSink {
  deliver(data: Buffer): void;
  deliverEnd(): void;
  closeConnection(): void;
  resetConnection(): void;
  discard(bytes: number): void;
}

/** A toxic as configured on the proxy: what a pipeline needs to build its stage. */
export interface StageDefinition {
  name: string;
  type: ToxicType;
  toxicity: number;
  attributes: ToxicAttributes;
}

interface Slot {
  name: string;
  type: ToxicType;
  active: boolean;
  stage: ToxicStage;
  next: Slot | undefined;
  /** The stage before this one, or undefined for the head. */
  previous: Slot | undefined;
}

/**
 * One direction of one connection: source bytes → toxic stages in insertion order → sink.
 *
 * Toxicity is decided here, per connection and direction, when a stage is built or updated (as in
 * Toxiproxy: a connection is either affected or not, never per chunk). Stages can be added, updated
 * and removed while data flows; a removed stage hands on what it holds before later data, so
 * nothing is reordered or lost.
 */
export class Pipeline {
  private head: Slot | undefined;
  private tail: Slot | undefined;
  private ended = false;
  private disposed = false;
  /** A stage asked to close the connection: later stages are delivering what they hold first. */
  private closing = false;

  constructor(
    private readonly sink: PipelineSink,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {}

  /** True when no toxic is on this direction: the socket side may take its fast path. */
  get isEmpty(): boolean {
    return this.head === undefined;
  }

  write(data: Buffer): void {
    if (this.closing) this.sink.discard(data.length);
    else if (this.head === undefined) this.sink.deliver(data);
    else this.head.stage.write({ data, timestamp: this.clock.monotonic() });
  }

  end(): void {
    this.ended = true;
    if (this.closing) return;
    if (this.head === undefined) this.sink.deliverEnd();
    else this.head.stage.end();
  }

  add(definition: StageDefinition): void {
    const slot: Slot = { name: definition.name, type: definition.type, active: false, stage: undefined as never, next: undefined, previous: this.tail };
    this.build(slot, definition.attributes, definition.toxicity);
    if (this.tail) this.tail.next = slot;
    else this.head = slot;
    this.tail = slot;
  }

  update(definition: StageDefinition): void {
    const slot = this.find(definition.name);
    if (!slot) return;
    const active = this.roll(definition.toxicity);
    if (active && slot.active) {
      slot.stage.update(definition.attributes);
      return;
    }
    // The roll changed (or stays inactive): swap the stage, handing on what the old one held.
    slot.stage.detach();
    this.build(slot, definition.attributes, definition.toxicity, active);
  }

  remove(name: string): void {
    const slot = this.find(name);
    if (!slot) return;
    if (slot.previous) slot.previous.next = slot.next;
    else this.head = slot.next;
    if (slot.next) slot.next.previous = slot.previous;
    else this.tail = slot.previous;
    // The detached stage still points at its old successor, so what it flushes goes on in order.
    slot.stage.detach();
  }

  dispose(): void {
    this.disposed = true;
    for (let slot = this.head; slot; slot = slot.next) slot.stage.dispose();
    this.head = this.tail = undefined;
  }

  /** Names of the stages in order, with whether their toxicity roll made them active. */
  describe(): Array<{ name: string; active: boolean }> {
    const out: Array<{ name: string; active: boolean }> = [];
    for (let slot = this.head; slot; slot = slot.next) out.push({ name: slot.name, active: slot.active });
    return out;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  private find(name: string): Slot | undefined {
    for (let slot = this.head; slot; slot = slot.next) if (slot.name === name) return slot;
    return undefined;
  }

  private roll(toxicity: number): boolean {
    if (toxicity >= 1) return true;
    if (toxicity <= 0) return false;
    return this.rng.next() < toxicity;
  }

  private build(slot: Slot, attributes: ToxicAttributes, toxicity: number, active = this.roll(toxicity)): void {
    const context = this.contextFor(slot);
    slot.active = active;
    slot.stage = active ? slot.type.create(attributes, context) : passThrough(context);
  }

  private contextFor(slot: Slot): StageContext {
    // `next` is read at call time, so a stage added behind this one receives its later output.
    const sink = this.sink;
    const isLive = () => !this.disposed;
    return {
      clock: this.clock,
      rng: this.rng,
      emit: (chunk) => {
        if (!isLive()) return;
        if (slot.next) slot.next.stage.write(chunk);
        else sink.deliver(chunk.data);
      },
      end: () => {
        if (!isLive()) return;
        if (slot.next) slot.next.stage.end();
        else if (this.closing) sink.closeConnection();
        else sink.deliverEnd();
      },
      closeConnection: () => {
        if (!isLive() || this.closing) return;
        this.closing = true;
        if (!slot.next) return sink.closeConnection();
        // In band, as Toxiproxy's EOF: later stages deliver what they hold (e.g. bytes limit_data let
        // through into a latency), then the end reaches the sink as the close. Earlier stages only
        // hold data the closing stage would drop, so they go now.
        const rest = slot.next;
        for (let dropped = this.head; dropped && dropped !== rest; dropped = dropped.next) dropped.stage.dispose();
        this.head = rest;
        rest.previous = undefined;
        rest.stage.end();
      },
      resetConnection: () => isLive() && sink.resetConnection(),
      discard: (bytes) => sink.discard(bytes),
    };
  }
}
