import { uniformInt } from '../../core/random.js';
import type { Chunk, ToxicType } from '../stream/stage.js';
import { TimedQueue } from '../stream/timed-queue.js';

type Held = Chunk | 'end';

/**
 * Delays every chunk by `latency` ms plus a uniform jitter in [-jitter, +jitter) ms, drawn per chunk
 * (Toxiproxy's semantics). Delays are pipelined — a chunk's delay runs from when it arrived, not
 * from when its predecessor left — so latency does not throttle throughput, and chunks never
 * overtake one another.
 */
export const latencyToxic: ToxicType = {
  type: 'latency',
  attributes: [
    { name: 'latency', unit: 'ms', min: 0 },
    { name: 'jitter', unit: 'ms', min: 0 },
  ],
  create(attributes, context) {
    let { latency = 0, jitter = 0 } = attributes;
    const queue = new TimedQueue<Held>(context.clock, (held) => (held === 'end' ? context.end() : context.emit(held)));
    const delay = () => (jitter > 0 ? latency + uniformInt(context.rng, -jitter, jitter) : latency);
    return {
      write(chunk) {
        const due = chunk.timestamp + delay();
        queue.push(due, { data: chunk.data, timestamp: due });
      },
      end: () => queue.push(-Infinity, 'end'),
      update(next) {
        latency = next.latency ?? latency;
        jitter = next.jitter ?? jitter;
      },
      // Toxiproxy forwards a held chunk at once when the toxic goes away: no data on the floor.
      detach: () => queue.flush(),
      dispose: () => queue.clear(),
    };
  },
};
