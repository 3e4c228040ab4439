import { join } from 'node:path';
import { systemClock, type TimerHandle } from '../core/clock.js';
import { startLoad, type LoadRun } from '../load/generator.js';
import { promDuration } from '../slo/windows.js';
import { CheckFindings } from './check-findings.js';
import { judgeCheck, recoverable, AbortWatch, type JudgedCheck, type Observations } from './checks.js';
import { openEnvironment, type RunEnvironment } from './environment.js';
import type { Experiment } from './experiment/model.js';
import { planExperiment } from './experiment/plan.js';
import { compressWindow, findSlo } from './experiment/slo-refs.js';
import { FaultController } from './faults.js';
import type { HypothesisWhen, RunPhase } from './journal/events.js';
import { journalHealthProblem, JournalWriter } from './journal/writer.js';
import { preflight } from './preflight.js';
import { probeOnce } from './probe.js';
import { RequestWindow, requestHistoryMs } from './request-window.js';
import { createRunDir } from './run-dir.js';
import type { RunExperimentOptions, RunOutcome } from './run-options.js';
import { RunObserver } from './run-observer.js';
import { Rollback } from './rollback.js';
import { runStartedEvent } from './run-started.js';
import { runRequests, runSchedule } from './run-load.js';
import { decideVerdict, type RunFacts, type Verdict } from './verdict.js';

/**
 * `faultline run` as a function: validate → preflight → baseline → faults → rollback → recovery →
 * observe → verdict, following the plan's clock, with every step in the journal. Rollback always
 * runs — on success, deviation, abort, error and a manual stop — and leases cover the one case it
 * cannot: a runner killed outright.
 */

export type { RunExperimentOptions, RunOutcome } from './run-options.js';

export async function runExperiment(options: RunExperimentOptions): Promise<RunOutcome> {
  const clock = options.clock ?? systemClock;
  const { experiment, topology, slos } = options;
  const plan = planExperiment(experiment, topology, slos, { seed: options.seed });
  const report = options.reporter ?? { line: () => {} };
  const runDir = createRunDir(options.runsDir, experiment.metadata.name, clock.now());
  const journalPath = join(runDir, 'journal.jsonl');
  const journal = JournalWriter.open(journalPath, { clock });
  const facts: RunFacts & { errors: string[]; deviations: string[] } = { errors: [], deviations: [], leftBehind: [] };
  const finish = (verdict: Verdict): RunOutcome => {
    journal.append({ type: 'verdict', result: verdict.result, reasons: verdict.reasons, exitCode: verdict.exitCode });
    journal.append({ type: 'run_finished', durationMs: clock.now() - startedAt });
    journal.close();
    report.line(`verdict: ${verdict.result.toUpperCase()} (exit ${verdict.exitCode})${verdict.reasons.map((r) => `\n  - ${r}`).join('')}`);
    return { ...verdict, runDir, journalPath, plan };
  };
  const startedAt = clock.now();

  let env: RunEnvironment;
  try {
    env = await openEnvironment({ topology, slos, timeScale: experiment.timeScale, seed: options.seed, clock, prometheus: options.prometheus ?? 'off', ...(options.toxiproxyUrl ? { toxiproxyUrl: options.toxiproxyUrl } : {}), ...(options.supervisorUrl ? { supervisorUrl: options.supervisorUrl } : {}), ...(options.prometheusUrl ? { prometheusUrl: options.prometheusUrl } : {}), onNotice: (m) => report.line(m) });
  } catch (error) {
    journal.append(runStartedEvent(options, plan, runDir, { mode: options.toxiproxyUrl || options.supervisorUrl ? 'external' : 'embedded', toxiproxyUrl: options.toxiproxyUrl ?? `http://${topology.proxyApi}` }));
    facts.errors.push(`the system could not be started: ${(error as Error).message}`);
    return finish(decideVerdict(facts));
  }
  journal.append(runStartedEvent(options, plan, runDir, env));
  report.line(`${env.mode === 'embedded' ? 'started the embedded system' : `driving the running system at ${env.apis.toxiproxyUrl}`}; journal: ${journalPath}`);
  const phase = (name: RunPhase, status: 'started' | 'completed' | 'failed' | 'skipped', detail?: string) => {
    journal.append({ type: 'phase', phase: name, status, ...(detail ? { detail } : {}) });
    if (status !== 'completed') report.line(`${name} ${status}${detail ? `: ${detail}` : ''}`);
  };
  phase('validate', 'completed', `${experiment.file}: ${plan.faults.length} faults, ${plan.load.totalRequests} requests planned`);

  const holder = `faultline-run-${runDir.split(/[\\/]/).pop() ?? experiment.metadata.name}`;
  const controller = new FaultController({
    apis: env.apis,
    holder,
    leaseTtlMs: experiment.safety.leaseTtlMs,
    renewEveryMs: plan.leases.renewEveryMs,
    clock,
    observer: {
      injected: (fields) => {
        journal.append({ type: 'fault_injected', ...fields });
        report.line(`injected ${fields.faultId}`);
      },
      removed: (fields) => {
        journal.append({ type: 'fault_removed', ...fields });
        report.line(`removed ${fields.faultId} (${fields.reason})`);
      },
      removalFailed: (fields, error) => report.line(`could not remove ${fields.faultId}: ${error.message}`),
    },
  });

  const stopper = new AbortController();
  const stopRun = (reason: string) => {
    if (stopper.signal.aborted) return;
    facts.abort ??= reason;
    stopper.abort();
  };
  const onManualStop = () => stopRun('stopped by hand (Ctrl-C or SIGTERM): rolled back before the plan ended');
  options.stop?.addEventListener('abort', onManualStop);
  if (options.stop?.aborted) onManualStop();

  const requests = new RequestWindow(requestHistoryMs(experiment));
  const observations = (nowMs: number): Observations => ({
    nowMs,
    requests,
    slo: (id, at) => env.evaluator.statusOf(id, at),
    compressedWindowMs: (id, nominalMs) => {
      const slo = findSlo(slos, id);
      return slo ? compressWindow(slo, nominalMs, experiment.timeScale).ms : nominalMs;
    },
    probe: (target, expect, timeoutMs) => probeOnce(env.gatewayUrl, target, expect, timeoutMs),
  });
  const observer = new RunObserver({ journal, evaluator: env.evaluator, alerts: env.alerts, clock, report, requests, plan, controller });
  const timers: TimerHandle[] = [];
  let load: LoadRun | undefined;
  let t0 = clock.monotonic();
  const sleepUntil = (offsetMs: number) =>
    new Promise<boolean>((resolve) => {
      if (stopper.signal.aborted) return resolve(false);
      const done = (ok: boolean) => {
        timer.cancel();
        stopper.signal.removeEventListener('abort', onStop);
        resolve(ok);
      };
      const onStop = () => done(false);
      const timer = clock.setTimer(() => done(true), offsetMs - (clock.monotonic() - t0));
      stopper.signal.addEventListener('abort', onStop);
    });
  const judge = async (when: HypothesisWhen, moment: 'before' | 'during' | 'after', filter: (c: Experiment['steadyState']['checks'][number]) => boolean = () => true) => {
    const checks = experiment.steadyState.checks.filter((c) => c.when.includes(moment) && filter(c));
    if (checks.length === 0) return { ok: true, judged: [] as JudgedCheck[] };
    const seen = observations(clock.now());
    const judged = await Promise.all(checks.map((check) => judgeCheck(check, seen)));
    for (const check of judged) {
      if (check.probe) journal.append({ type: 'probe', name: check.name, ok: check.probe.ok, latencyMs: check.probe.latencyMs, ...(check.probe.status !== undefined ? { status: check.probe.status } : {}), ...(check.probe.error ? { error: check.probe.error } : {}) });
    }
    const ok = judged.every((c) => c.ok);
    journal.append({ type: 'hypothesis', when, ok, checks: judged.map(({ probe: _probe, ...check }) => check) });
    return { ok, judged };
  };
  const rollback = new Rollback({ controller, experiment, processes: env.apis.processes, journal });
  const deviate = (text: string) => {
    if (!facts.deviations.includes(text)) facts.deviations.push(text);
  };
  // A check failing at every judgement of a phase is one finding, with how often and how badly.
  const findings = new CheckFindings();
  const tally = (moment: string, judged: readonly JudgedCheck[]) => findings.add(moment, judged);

  try {
    // Preflight: the targets exist, nothing is left over from an earlier run, leases are offered.
    phase('preflight', 'started');
    const problems = await preflight(env, experiment, plan);
    if (problems.length > 0) {
      facts.errors.push(...problems);
      phase('preflight', 'failed', problems.join('; '));
      throw new PreflightFailed();
    }
    const leases = await controller.detectLeases();
    if (!leases.proxy) report.line('warning: the proxy offers no leases (a real Toxiproxy?): if this runner is killed, its faults stay until `faultline panic`');
    phase('preflight', 'completed', leases.proxy ? `leases of ${promDuration(experiment.safety.leaseTtlMs)} on every proxy fault, renewed while the run lives` : 'no leases: faults are removed only by this runner or `faultline panic`');
    controller.startRenewing();

    // T+0: the load starts; everything else follows the plan's offsets from here.
    phase('baseline', 'started');
    t0 = clock.monotonic();
    load = startLoad({
      target: env.gatewayUrl,
      schedule: runSchedule(experiment),
      requests: await runRequests(env.gatewayUrl, experiment, options.seed),
      timeoutMs: experiment.load.timeoutMs,
      onResult: (result) => requests.add(result),
      onSecond: (bucket) => observer.loadSecond(bucket),
    });
    const abortWatch = new AbortWatch(experiment.abort);
    const tick = () => {
      const now = clock.now();
      const trigger = abortWatch.evaluate(observations(now));
      if (trigger) {
        journal.append({ type: 'abort', condition: trigger.condition, reason: trigger.reason, observed: trigger.observed });
        stopRun(`aborted: ${trigger.reason}`);
      }
      observer.second(now, clock.monotonic() - t0);
      if (!stopper.signal.aborted) timers.push(clock.setTimer(tick, 1000));
    };
    timers.push(clock.setTimer(tick, 1000));

    if (!(await sleepUntil(plan.faultsStartMs))) throw new Stopped();
    phase('baseline', 'completed');
    const before = await judge('before', 'before');
    const gatePassed = before.ok;
    if (!gatePassed) {
      deviate('the steady state did not hold before any fault (the before checks failed), so no fault was injected');
      tally('before any fault', before.judged);
    }

    if (!gatePassed || plan.faults.length === 0) {
      phase('faults', 'skipped', gatePassed ? 'the experiment has no fault' : 'the before checks failed');
    } else {
      phase('faults', 'started');
      for (const [index, planned] of plan.faults.entries()) {
        const fault = experiment.method[index];
        if (!fault) continue;
        const faultId = planned.name;
        timers.push(
          clock.setTimer(() => {
            if (stopper.signal.aborted) return;
            controller
              .inject(fault, faultId, planned.injectMs - plan.faultsStartMs)
              // An instant fault (a restart) is over once it happened: nothing is left to remove.
              .then(() => (planned.removal === 'instant' ? controller.remove(faultId, 'scheduled') : undefined))
              .catch((error: Error) => {
                facts.errors.push(`could not inject ${faultId}: ${error.message}`);
                stopRun(`stopped: fault ${faultId} could not be injected`);
              });
          }, planned.injectMs - (clock.monotonic() - t0)),
        );
        if (planned.removal === 'schedule') {
          timers.push(clock.setTimer(() => void controller.remove(faultId, 'scheduled').catch((error: Error) => facts.errors.push(`could not remove ${faultId} on schedule: ${error.message}`)), planned.removeMs - (clock.monotonic() - t0)));
        }
      }
      // During: judged every `every` while the faults run; a failure is a deviation, not an abort.
      const during = plan.checks.during;
      if (during) {
        for (let at = during.fromMs + during.everyMs; at <= during.toMs; at += during.everyMs) {
          if (!(await sleepUntil(at))) throw new Stopped();
          const result = await judge('during', 'during');
          tally('during the faults', result.judged);
        }
      }
      if (!(await sleepUntil(plan.faultsEndMs))) throw new Stopped();
      phase('faults', 'completed');
    }

    // Rollback: every fault still in place goes, then the experiment's extra steps.
    phase('rollback', 'started');
    await rollback.run('rollback');
    phase('rollback', rollback.leftBehind().length > 0 ? 'failed' : 'completed');

    // Recovery: the steady state must return by the deadline.
    const recovery = plan.checks.recovery;
    if (recovery && gatePassed) {
      phase('recovery', 'started');
      let recovered = false;
      for (let at = recovery.fromMs; at <= recovery.deadlineMs && !recovered; at += recovery.everyMs) {
        if (!(await sleepUntil(at))) throw new Stopped();
        const result = await judge('recovery', 'after', (c) => recoverable(c.condition));
        recovered = result.ok;
      }
      if (recovered) phase('recovery', 'completed');
      else {
        deviate(`the steady state did not return within ${promDuration(experiment.recovery.withinMs)} of the last fault`);
        phase('recovery', 'failed', `not back within ${promDuration(experiment.recovery.withinMs)}`);
      }
    }

    phase('observe', 'started');
    if (!(await sleepUntil(plan.loadEndMs))) throw new Stopped();
    const after = await judge('after', 'after');
    tally('after the faults', after.judged);
    phase('observe', 'completed');
    await load.done;
  } catch (error) {
    if (!(error instanceof Stopped) && !(error instanceof PreflightFailed)) facts.errors.push(`the run failed: ${(error as Error).message}`);
  } finally {
    for (const timer of timers) timer.cancel();
    options.stop?.removeEventListener('abort', onManualStop);
    await load?.stop();
    // The safety net: whatever path led here, nothing this run injected stays in place. A fault the
    // rollback could not remove is tried once more; only what is still in place after that is left behind.
    if (rollback.needed()) {
      if (facts.abort) phase('rollback', 'started', facts.abort);
      await rollback.run(facts.abort ? 'abort' : 'rollback');
      if (facts.abort) phase('rollback', rollback.leftBehind().length > 0 ? 'failed' : 'completed');
    }
    controller.stopRenewing();
    observer.close(clock.now());
    await env.close().catch((error: Error) => facts.errors.push(`the system did not stop cleanly: ${error.message}`));
  }
  const problem = journalHealthProblem(journal.health());
  return finish(decideVerdict({ ...facts, leftBehind: rollback.leftBehind(), deviations: [...facts.deviations, ...findings.sentences()], ...(problem ? { journalProblem: problem } : {}) }));
}



class Stopped extends Error {}
class PreflightFailed extends Error {}
export type { RunProgress, RunReporter } from './reporter.js';
