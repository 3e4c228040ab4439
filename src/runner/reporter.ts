/** How a run tells its user what is happening (the CLI prints lines, or a live view on a TTY). */
export interface RunReporter {
  /** A plain, timestamped line: a phase, a fault, a check, a verdict. */
  line(text: string): void;
  /** Once a second: where the run is (a TTY redraws a live view from it). */
  progress?(status: RunProgress): void;
}

export interface RunProgress {
  phase: string;
  elapsedMs: number;
  totalMs: number;
  requestsPerSecond: number;
  errorRatio: number | undefined;
  p99Ms: number | undefined;
  budgetBurned: Array<{ slo: string; consumed: number }>;
  activeFaults: string[];
}
