import type { Chunk, ToxicType } from '../stream/stage.js';
import { TimedQueue } from '../stream/timed-queue.js';

/** Large chunks are paced in pieces of at most this many milliseconds of transfer, for smoothness. */
const PIECE_MS = 10;

type Held = Chunk | 'end';

/**
 * Limits a direction to `rate` KB/s (1 KB = 1000 bytes, as in Toxiproxy), per connection.
 *
 * Each piece leaves when a link of that rate would have finished sending it; the schedule is kept
 * in absolute time, so timer lateness never accumulates and N bytes take N / rate on the wire.
 * Toxiproxy sleeps after each chunk instead and reaches only ~86 % of its setting at 100 MB/s.
 */
export const bandwidthToxic: ToxicType = {
  type: 'bandwidth',
  attributes: [{ name: 'rate', unit: 'KB/s', min: 1 }],
  create(attributes, context) {
    let bytesPerMs = attributes.rate ?? 1; // KB/s × 1000 B/KB ÷ 1000 ms/s
    const queue = new TimedQueue<Held>(context.clock, (held) => (held === 'end' ? context.end() : context.emit(held)));
    let wireFreeAt = -Infinity;
    return {
      write(chunk) {
        const pieceBytes = Math.max(1, Math.floor(bytesPerMs * PIECE_MS));
        const { data } = chunk;
        for (let offset = 0; offset < data.length; offset += pieceBytes) {
          const piece = data.subarray(offset, Math.min(data.length, offset + pieceBytes));
          wireFreeAt = Math.max(wireFreeAt, context.clock.monotonic()) + piece.length / bytesPerMs;
          queue.push(wireFreeAt, { data: piece, timestamp: wireFreeAt });
        }
      },
      end: () => queue.push(-Infinity, 'end'),
      update(next) {
        bytesPerMs = next.rate ?? bytesPerMs;
      },
      detach: () => queue.flush(),
      dispose: () => queue.clear(),
    };
  },
};
