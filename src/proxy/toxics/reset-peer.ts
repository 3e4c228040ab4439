import type { TimerHandle } from '../../core/clock.js';
import type { ToxicType } from '../stream/stage.js';

/**
 * When the first chunk (or the end of stream) reaches it, drops it, waits `timeout` ms and resets
 * the connection with a TCP RST on both sockets.
 *
 * Unlike Toxiproxy, the RST does not depend on the toxic having existed when the connection was
 * accepted, and toxicity 0 really means "never" (Toxiproxy #603).
 */
export const resetPeerToxic: ToxicType = {
  type: 'reset_peer',
  attributes: [{ name: 'timeout', unit: 'ms', min: 0 }],
  create(attributes, context) {
    let timeout = attributes.timeout ?? 0;
    let triggered = false;
    let timer: TimerHandle | undefined;
    const trigger = () => {
      if (triggered) return;
      triggered = true;
      if (timeout === 0) context.resetConnection();
      else timer = context.clock.setTimer(() => context.resetConnection(), timeout);
    };
    return {
      write(chunk) {
        context.discard(chunk.data.length);
        trigger();
      },
      end: trigger,
      update(next) {
        timeout = next.timeout ?? timeout;
      },
      detach() {
        // Data was already swallowed: the stream cannot be repaired, so the reset happens now.
        if (triggered) {
          timer?.cancel();
          context.resetConnection();
        }
      },
      dispose: () => timer?.cancel(),
    };
  },
};
