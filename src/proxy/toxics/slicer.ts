import { uniformInt, type Rng } from '../../core/random.js';
import type { Chunk, ToxicType } from '../stream/stage.js';
import { TimedQueue } from '../stream/timed-queue.js';

type Held = Chunk | 'end';

/**
 * Piece lengths for a chunk of `size` bytes: a piece no longer than average + variation is kept;
 * a longer one is split near its middle (± variation) and both halves are sliced again. The split
 * point is kept inside the piece, so every split makes progress whatever the attributes (Toxiproxy
 * can recurse forever or panic when the variation reaches the average).
 */
export function slicePieces(size: number, average: number, variation: number, rng: Rng): number[] {
  const pieces: number[] = [];
  const pending = [size];
  while (pending.length > 0) {
    const length = pending.pop() as number;
    if (length <= 1 || length - average <= variation) {
      pieces.push(length);
      continue;
    }
    let middle = Math.floor(length / 2);
    if (variation > 0) middle += uniformInt(rng, -variation, variation);
    middle = Math.min(length - 1, Math.max(1, middle));
    // Right half first onto the stack, so the left half is sliced (and sent) first.
    pending.push(length - middle, middle);
  }
  return pieces;
}

/**
 * Slices each chunk into pieces of about `average_size` bytes (± `size_variation`) and sends them
 * `delay` µs apart — useful to exercise parsers that assume a message arrives in one read.
 */
export const slicerToxic: ToxicType = {
  type: 'slicer',
  attributes: [
    { name: 'average_size', unit: 'bytes', min: 1 },
    { name: 'size_variation', unit: 'bytes', min: 0 },
    { name: 'delay', unit: 'µs', min: 0 },
  ],
  create(attributes, context) {
    let average = attributes.average_size ?? 1;
    let variation = attributes.size_variation ?? 0;
    let delayMs = (attributes.delay ?? 0) / 1000;
    const queue = new TimedQueue<Held>(context.clock, (held) => (held === 'end' ? context.end() : context.emit(held)));
    let nextFreeAt = -Infinity;
    return {
      write(chunk) {
        let offset = 0;
        for (const length of slicePieces(chunk.data.length, average, variation, context.rng)) {
          const due = Math.max(nextFreeAt, context.clock.monotonic());
          nextFreeAt = due + delayMs;
          queue.push(due, { data: chunk.data.subarray(offset, offset + length), timestamp: due });
          offset += length;
        }
      },
      end: () => queue.push(-Infinity, 'end'),
      update(next) {
        average = next.average_size ?? average;
        variation = next.size_variation ?? variation;
        delayMs = (next.delay ?? delayMs * 1000) / 1000;
      },
      detach: () => queue.flush(),
      dispose: () => queue.clear(),
    };
  },
};
