import type { ToxicType } from '../stream/stage.js';

/**
 * Passes `bytes` bytes in this direction, truncating the chunk that crosses the limit, then closes
 * the connection. The count lives as long as the connection, across updates (as in Toxiproxy).
 */
export const limitDataToxic: ToxicType = {
  type: 'limit_data',
  attributes: [{ name: 'bytes', unit: 'bytes', min: 0 }],
  create(attributes, context) {
    let limit = attributes.bytes ?? 0;
    let passed = 0;
    let closed = false;
    return {
      write(chunk) {
        if (closed) {
          context.discard(chunk.data.length);
          return;
        }
        const remaining = limit - passed;
        if (chunk.data.length <= remaining) {
          passed += chunk.data.length;
          context.emit(chunk);
        } else {
          if (remaining > 0) context.emit({ data: chunk.data.subarray(0, remaining), timestamp: chunk.timestamp });
          context.discard(chunk.data.length - Math.max(0, remaining));
          passed = limit;
        }
        if (passed >= limit) {
          closed = true;
          context.closeConnection();
        }
      },
      end: () => context.end(),
      update(next) {
        limit = next.bytes ?? limit;
      },
      detach: () => {},
      dispose: () => {},
    };
  },
};
