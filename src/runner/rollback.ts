import type { RunEnvironment } from './environment.js';
import type { Experiment } from './experiment/model.js';
import type { FaultController } from './faults.js';
import type { JournalWriter } from './journal/writer.js';
import type { RunFacts } from './verdict.js';

/** Remove every fault in place and run the extra rollback steps; what cannot be removed is left behind, loudly. */
export async function rollback(controller: FaultController, experiment: Experiment, env: RunEnvironment, facts: RunFacts & { leftBehind: string[] }, reason: 'rollback' | 'abort', journal: JournalWriter, rolledBack: { done: boolean }): Promise<void> {
  await controller.injectionsSettled();
  const active = controller.active().map((record) => record.faultId);
  const failures = await controller.removeAll(reason);
  for (const faultId of active) {
    const failure = failures.find((f) => f.faultId === faultId);
    journal.append({ type: 'rollback', faultId, ok: !failure, ...(failure ? { error: failure.error.message } : {}) });
  }
  for (const failure of failures) if (!facts.leftBehind.includes(failure.faultId)) facts.leftBehind.push(`${failure.faultId}: ${failure.error.message}`);
  if (rolledBack.done) return;
  rolledBack.done = true;
  for (const step of experiment.rollbacks) {
    if (step.kind === 'restore' && env.apis.processes) await env.apis.processes.restoreAll().catch((error: Error) => facts.leftBehind.push(`restore all: ${error.message}`));
  }
}
