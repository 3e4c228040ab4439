import { FaultlineError } from '../core/errors.js';

/**
 * The open-model arrival schedule (k6's constant-arrival-rate and ramping-arrival-rate): a rate in
 * requests per second that is piecewise linear in time, and the exact instants requests start at.
 * Pure: no clock, no I/O, so a run's schedule is replayable and the tests can assert exact times.
 */

/** One stage: the rate moves linearly from the previous stage's rate to `targetRate` over `durationMs`. */
export interface Stage {
  durationMs: number;
  /** Requests per second at the end of the stage. */
  targetRate: number;
}

export interface RateSchedule {
  /** Rate at time 0, in requests per second; 0 when omitted (as k6's `startRate`). */
  startRate?: number;
  stages: readonly Stage[];
}

/** A constant rate for a while: k6's constant-arrival-rate. */
export function constantRate(ratePerSecond: number, durationMs: number): RateSchedule {
  return { startRate: ratePerSecond, stages: [{ durationMs, targetRate: ratePerSecond }] };
}

/** Throw FAULTLINE_LOAD_BAD_OPTIONS, naming the stage, unless every rate and duration is usable. */
export function validateSchedule(schedule: RateSchedule): void {
  const problems: string[] = [];
  const startRate = schedule.startRate ?? 0;
  if (!(Number.isFinite(startRate) && startRate >= 0)) problems.push(`startRate must be a finite number >= 0 (got ${startRate})`);
  if (!Array.isArray(schedule.stages) || schedule.stages.length === 0) problems.push('the schedule needs at least one stage');
  else {
    schedule.stages.forEach((stage, i) => {
      if (!(Number.isFinite(stage.durationMs) && stage.durationMs >= 0)) problems.push(`stages[${i}].durationMs must be a finite number >= 0 (got ${stage.durationMs})`);
      if (!(Number.isFinite(stage.targetRate) && stage.targetRate >= 0)) problems.push(`stages[${i}].targetRate must be a finite number >= 0 (got ${stage.targetRate})`);
    });
    if (problems.length === 0 && scheduleDurationMs(schedule) <= 0) problems.push('the schedule lasts 0 ms');
  }
  if (problems.length > 0) throw new FaultlineError('FAULTLINE_LOAD_BAD_OPTIONS', `invalid load schedule: ${problems.join('; ')}`, { problems });
}

export function scheduleDurationMs(schedule: RateSchedule): number {
  return schedule.stages.reduce((total, stage) => total + stage.durationMs, 0);
}

/** One stage resolved to absolute times and the cumulative expected count N(t) at both ends. */
interface Segment {
  startMs: number;
  endMs: number;
  fromRate: number;
  /** Change of rate per second of time (requests/s²). */
  slope: number;
  massBefore: number;
  massAfter: number;
}

function segmentsOf(schedule: RateSchedule): Segment[] {
  const segments: Segment[] = [];
  let rate = schedule.startRate ?? 0;
  let startMs = 0;
  let mass = 0;
  for (const stage of schedule.stages) {
    const seconds = stage.durationMs / 1000;
    // The exact integral of a linear rate: the trapezoid's area.
    const stageMass = ((rate + stage.targetRate) / 2) * seconds;
    segments.push({ startMs, endMs: startMs + stage.durationMs, fromRate: rate, slope: seconds > 0 ? (stage.targetRate - rate) / seconds : 0, massBefore: mass, massAfter: mass + stageMass });
    rate = stage.targetRate;
    startMs += stage.durationMs;
    mass += stageMass;
  }
  return segments;
}

/** The scheduled rate at `atMs` (requests/s); a 0-ms stage is a step, so the later stage wins at its instant. */
export function rateAt(schedule: RateSchedule, atMs: number): number {
  let rate = schedule.startRate ?? 0;
  let startMs = 0;
  for (const stage of schedule.stages) {
    if (atMs < startMs + stage.durationMs) return rate + ((stage.targetRate - rate) * (atMs - startMs)) / stage.durationMs;
    rate = stage.targetRate;
    startMs += stage.durationMs;
  }
  return rate;
}

/** N(t): the expected number of arrivals in [0, atMs), the integral of the rate. */
export function expectedArrivals(schedule: RateSchedule, atMs: number): number {
  let mass = 0;
  for (const s of segmentsOf(schedule)) {
    if (atMs < s.endMs) {
      const t = Math.max(0, atMs - s.startMs) / 1000;
      return s.massBefore + s.fromRate * t + (s.slope * t * t) / 2;
    }
    mass = s.massAfter;
  }
  return mass;
}

/**
 * Arrival k (k = 0, 1, ...) starts at the instant the cumulative expected count N(t) reaches
 * k + 1/2, and only if that is before the schedule ends. The half puts each request in the middle
 * of its share of the rate's area: a constant 4/s over 1 s starts at 125, 375, 625 and 875 ms, a
 * zero-rate stage starts nothing, a ramp down mirrors the ramp up, and the number of starts in any
 * stretch is the integral rounded. Inside a stage N is quadratic in t, so the instant is the root
 * of r0·t + g·t²/2 = m, written 2m / (r0 + √(r0² + 2gm)) to stay exact when g = 0 and stable when
 * the rate ramps down (no cancellation, no division by a zero slope).
 */
export class ArrivalCursor {
  private readonly segments: Segment[];
  private readonly endMs: number;
  private segment = 0;
  private k = 0;

  constructor(schedule: RateSchedule) {
    validateSchedule(schedule);
    this.segments = segmentsOf(schedule);
    this.endMs = scheduleDurationMs(schedule);
  }

  /** How many arrivals have been handed out so far. */
  get count(): number {
    return this.k;
  }

  /** Offset in ms of the next arrival from the schedule's start, or Infinity once it has ended. */
  next(): number {
    const target = this.k + 0.5;
    const segments = this.segments;
    while (this.segment < segments.length && (segments[this.segment] as Segment).massAfter < target) this.segment++;
    const s = segments[this.segment];
    if (s === undefined) return Infinity;
    const m = target - s.massBefore;
    // Scaled to ms before dividing: nice rates then give exact offsets (4/s → 125, 375, ...).
    const ms = (2000 * m) / (s.fromRate + Math.sqrt(Math.max(0, s.fromRate * s.fromRate + 2 * s.slope * m)));
    const at = Math.min(s.endMs, s.startMs + ms);
    if (at >= this.endMs) {
      this.segment = segments.length;
      return Infinity;
    }
    this.k++;
    return at;
  }
}

/** Every arrival offset of a schedule, in ms (tests, plans and short runs; the generator streams them). */
export function arrivalOffsets(schedule: RateSchedule): number[] {
  const cursor = new ArrivalCursor(schedule);
  const offsets: number[] = [];
  for (let at = cursor.next(); at !== Infinity; at = cursor.next()) offsets.push(at);
  return offsets;
}

/** How many requests a schedule starts in each whole second from its start (the last may be partial). */
export function arrivalsPerSecond(schedule: RateSchedule): number[] {
  const counts = new Array<number>(Math.ceil(scheduleDurationMs(schedule) / 1000)).fill(0);
  for (const at of arrivalOffsets(schedule)) counts[Math.floor(at / 1000)]! += 1;
  return counts;
}

/**
 * How many requests a schedule starts in each of its stages, counted from the same ArrivalCursor the
 * generator runs (so a plan's count is the run's). A stage covers [start, end): a request starting
 * exactly at a boundary belongs to the later stage, and a 0-ms stage starts none. Streams the
 * arrivals, so it costs one step per request and no array of offsets.
 */
export function arrivalsPerStage(schedule: RateSchedule): number[] {
  const ends: number[] = [];
  let endMs = 0;
  for (const stage of schedule.stages) ends.push((endMs += stage.durationMs));
  const counts = new Array<number>(ends.length).fill(0);
  const cursor = new ArrivalCursor(schedule);
  let stage = 0;
  for (let at = cursor.next(); at !== Infinity; at = cursor.next()) {
    while (at >= (ends[stage] as number)) stage++;
    counts[stage]! += 1;
  }
  return counts;
}

/**
 * The lowest rate the schedule reaches between two moments, both included. The rate is linear inside
 * a stage, so the minimum is at `fromMs`, at `toMs`, or at the end of a stage in between; a stage's
 * end rate is also the left side of any 0-ms step that follows it, so steps are covered both ways.
 */
export function lowestRate(schedule: RateSchedule, fromMs: number, toMs: number): number {
  let lowest = Math.min(rateAt(schedule, fromMs), rateAt(schedule, toMs));
  let endMs = 0;
  for (const stage of schedule.stages) {
    endMs += stage.durationMs;
    if (endMs > fromMs && endMs <= toMs) lowest = Math.min(lowest, stage.targetRate);
  }
  return lowest;
}
