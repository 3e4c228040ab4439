import type { TimerHandle } from '../../core/clock.js';
import type { ToxicType } from '../stream/stage.js';

/**
 * A black hole: every byte in this direction is dropped, and `timeout` ms after the stage started or
 * after the last chunk it swallowed, the connection is closed (0 = never). Removing it closes the
 * connection too, because the dropped bytes have already corrupted the stream (Toxiproxy #159/#168).
 */
export const timeoutToxic: ToxicType = {
  type: 'timeout',
  attributes: [{ name: 'timeout', unit: 'ms', min: 0 }],
  create(attributes, context) {
    let timeout = attributes.timeout ?? 0;
    let timer: TimerHandle | undefined;
    const arm = () => {
      timer?.cancel();
      timer = timeout > 0 ? context.clock.setTimer(() => context.closeConnection(), timeout) : undefined;
    };
    arm();
    return {
      write(chunk) {
        context.discard(chunk.data.length);
        arm();
      },
      end() {
        timer?.cancel();
        context.end();
      },
      update(next) {
        timeout = next.timeout ?? timeout;
        arm();
      },
      detach() {
        timer?.cancel();
        context.closeConnection();
      },
      dispose: () => timer?.cancel(),
    };
  },
};
