import type { Experiment } from './experiment/model.js';
import type { FaultController } from './faults.js';
import type { JournalWriter } from './journal/writer.js';
import type { ProcessControl } from './process-control.js';

/**
 * The run's rollback: every fault still in place removed, then the experiment's extra steps. It runs
 * at the end of the fault phase and again in the run's `finally`, the safety net, while it never ran
 * or a fault is still in place; so an abort, an error or Ctrl-C rolls back too, and a removal that
 * failed is tried once more before the verdict.
 *
 * Each fault gets one `rollback` event, at its first attempt; a later attempt shows in the journal as
 * the `fault_removed` it produces (or does not). What is left behind is what is still in place after
 * the last attempt, with that attempt's error: never a fault the retry did remove, never one twice.
 */
export class Rollback {
  readonly #journalled = new Set<string>();
  readonly #lastError = new Map<string, string>();
  #ran = false;
  #restoreFailure: string | undefined;

  constructor(
    private readonly options: {
      controller: Pick<FaultController, 'injectionsSettled' | 'active' | 'removeAll'>;
      experiment: Pick<Experiment, 'rollbacks'>;
      processes: ProcessControl | undefined;
      journal: Pick<JournalWriter, 'append'>;
    },
  ) {}

  /** Whether the safety net has work: the rollback never ran, or a fault is still in place. */
  needed(): boolean {
    return !this.#ran || this.options.controller.active().length > 0;
  }

  /** One attempt: remove every fault in place (after any injection on its way), then, the first time, the extra steps. */
  async run(reason: 'rollback' | 'abort'): Promise<void> {
    const { controller, experiment, processes, journal } = this.options;
    await controller.injectionsSettled();
    const active = controller.active().map((record) => record.faultId);
    const failures = await controller.removeAll(reason);
    for (const failure of failures) this.#lastError.set(failure.faultId, failure.error.message);
    for (const faultId of active) {
      if (this.#journalled.has(faultId)) continue;
      this.#journalled.add(faultId);
      const failure = failures.find((f) => f.faultId === faultId);
      journal.append({ type: 'rollback', faultId, ok: !failure, ...(failure ? { error: failure.error.message } : {}) });
    }
    if (this.#ran) return;
    this.#ran = true;
    for (const step of experiment.rollbacks) {
      if (step.kind === 'restore' && processes) {
        await processes.restoreAll().catch((error: Error) => {
          this.#restoreFailure = `restore all: ${error.message}`;
        });
      }
    }
  }

  /** What is still in place after the last attempt, one entry each, in words: the verdict's `leftBehind`. */
  leftBehind(): string[] {
    const faults = this.options.controller.active().map((record) => `${record.faultId}: ${this.#lastError.get(record.faultId) ?? 'still in place'}`);
    return this.#restoreFailure ? [...faults, this.#restoreFailure] : faults;
  }
}
