import type { ToxicType } from '../stream/stage.js';
import { bandwidthToxic } from './bandwidth.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { noopToxic } from './noop.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import { timeoutToxic } from './timeout.js';

/** Every toxic Toxiproxy v2.12.0 registers, by the name clients send in `type`. */
export const toxicTypes: ReadonlyMap<string, ToxicType> = new Map(
  [latencyToxic, bandwidthToxic, slowCloseToxic, timeoutToxic, resetPeerToxic, slicerToxic, limitDataToxic, noopToxic].map(
    (toxic) => [toxic.type, toxic],
  ),
);

export function findToxicType(type: string): ToxicType | undefined {
  return toxicTypes.get(type);
}
