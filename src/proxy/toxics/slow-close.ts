import type { TimerHandle } from '../../core/clock.js';
import type { ToxicType } from '../stream/stage.js';

/** Data passes untouched; the end of the stream is held back `delay` ms before it is passed on. */
export const slowCloseToxic: ToxicType = {
  type: 'slow_close',
  attributes: [{ name: 'delay', unit: 'ms', min: 0 }],
  create(attributes, context) {
    let delay = attributes.delay ?? 0;
    let pendingEnd: TimerHandle | undefined;
    const passEnd = () => {
      pendingEnd = undefined;
      context.end();
    };
    return {
      write: (chunk) => context.emit(chunk),
      end() {
        pendingEnd = context.clock.setTimer(passEnd, delay);
      },
      update(next) {
        delay = next.delay ?? delay;
      },
      detach() {
        if (pendingEnd) {
          pendingEnd.cancel();
          passEnd();
        }
      },
      dispose: () => pendingEnd?.cancel(),
    };
  },
};
