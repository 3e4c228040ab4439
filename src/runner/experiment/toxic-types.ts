import type { ToxicTypeName } from './model.js';

/**
 * Every toxic Toxiproxy v2.12.0 registers, with its attributes as docs/TOXICS.md lists them. The
 * runner may not import the proxy (it reaches any Toxiproxy through the HTTP API), so the table is
 * restated here; a unit test compares it with src/proxy/toxics so the two never drift.
 */
export interface ToxicAttributeSpec {
  name: string;
  unit: string;
  /** Smallest value Faultline's proxy accepts (bandwidth rate 0 hangs Toxiproxy, slicer average_size 0 crashes it). */
  min: number;
}

export const TOXIC_TYPES: Readonly<Record<ToxicTypeName, readonly ToxicAttributeSpec[]>> = {
  latency: [
    { name: 'latency', unit: 'ms', min: 0 },
    { name: 'jitter', unit: 'ms', min: 0 },
  ],
  bandwidth: [{ name: 'rate', unit: 'KB/s', min: 1 }],
  slow_close: [{ name: 'delay', unit: 'ms', min: 0 }],
  timeout: [{ name: 'timeout', unit: 'ms', min: 0 }],
  reset_peer: [{ name: 'timeout', unit: 'ms', min: 0 }],
  slicer: [
    { name: 'average_size', unit: 'bytes', min: 1 },
    { name: 'size_variation', unit: 'bytes', min: 0 },
    { name: 'delay', unit: 'µs', min: 0 },
  ],
  limit_data: [{ name: 'bytes', unit: 'bytes', min: 0 }],
  noop: [],
};

export const TOXIC_TYPE_NAMES = Object.keys(TOXIC_TYPES) as ToxicTypeName[];

export function isToxicType(name: string): name is ToxicTypeName {
  return Object.hasOwn(TOXIC_TYPES, name);
}

/** The name every fault's toxic gets, so rollbacks, leases and `faultline diff` recognise it. */
export function toxicNameOf(faultName: string): string {
  return `faultline-${faultName}`;
}
