import { parseDuration } from '../../core/durations.js';
import { findService } from '../../topology/model.js';
import type { BuildContext } from './build-target.js';
import type { Fault, ToxicTypeName } from './model.js';
import { applyOverride, samePolicy } from './policy-override.js';
import { exactlyOne, type Path } from './problems.js';
import { DEFAULTS, type RawExperiment, type RawFault } from './spec.js';
import { TOXIC_TYPES, toxicNameOf } from './toxic-types.js';

const FAULT_KINDS = ['toxic', 'outage', 'process', 'policy'] as const;

export interface Targets {
  proxies: readonly string[];
  services: readonly string[];
}

export interface BuiltMethod {
  faults: Fault[];
  /** Where each fault is in the file (faults that failed to build leave gaps). */
  indexOf: ReadonlyMap<Fault, number>;
}

/** The method: each fault checked on its own (kind, target inside the blast radius, attributes, duration). */
export function buildMethod(raw: RawExperiment, targets: Targets, context: BuildContext): BuiltMethod {
  const seen = new Map<string, number>();
  const faults: Fault[] = [];
  const indexOf = new Map<Fault, number>();
  raw.method.forEach((rawFault, index) => {
    const at: Path = ['method', index];
    const first = seen.get(rawFault.name);
    if (first !== undefined) {
      context.problems.report(
        [...at, 'name'],
        `fault "${rawFault.name}" is declared twice (first at line ${context.problems.line(['method', first, 'name'])}); names must be unique, since each names its toxic ${toxicNameOf(rawFault.name)}`,
      );
    } else seen.set(rawFault.name, index);
    const fault = buildFault(rawFault, at, targets, context);
    if (!fault) return;
    faults.push(fault);
    indexOf.set(fault, index);
  });
  return { faults, indexOf };
}

function buildFault(raw: RawFault, at: Path, targets: Targets, context: BuildContext): Fault | undefined {
  const kind = exactlyOne(raw, FAULT_KINDS, at, 'a fault', context.problems);
  if (!kind) return undefined;
  const timing = { name: raw.name, atMs: parseDuration(raw.at), ...duration(raw, at, context) };
  switch (kind) {
    case 'toxic': {
      const toxic = raw.toxic!;
      checkProxy(toxic.proxy, [...at, 'toxic', 'proxy'], targets, context);
      const type = toxic.type as ToxicTypeName;
      return {
        ...timing,
        kind,
        proxy: toxic.proxy,
        toxicName: toxicNameOf(raw.name),
        type,
        stream: toxic.stream ?? DEFAULTS.stream,
        toxicity: toxic.toxicity ?? DEFAULTS.toxicity,
        attributes: attributes(type, toxic.attributes ?? {}, [...at, 'toxic', 'attributes'], context),
      };
    }
    case 'outage':
      checkProxy(raw.outage!.proxy, [...at, 'outage', 'proxy'], targets, context);
      return { ...timing, kind, proxy: raw.outage!.proxy };
    case 'process': {
      const { service, action } = raw.process!;
      checkService(service, [...at, 'process', 'service'], targets, context);
      return { ...timing, kind, service, action };
    }
    case 'policy':
      return buildPolicyFault(raw, at, timing, targets, context);
  }
}

/** Required for every fault but a kill (down until the rollback) and a restart (instantaneous, so none). */
function duration(raw: RawFault, at: Path, context: BuildContext): { durationMs?: number } {
  const action = raw.process?.action;
  if (raw.duration === undefined) {
    if (action !== 'kill' && action !== 'restart') {
      const why = action === 'pause' ? ': a paused service is resumed when it ends' : '';
      context.problems.report(at, `fault "${raw.name}" needs a duration${why}`);
    }
    return {};
  }
  if (action === 'restart') {
    context.problems.report([...at, 'duration'], 'a restart is instantaneous (graceful stop and start on the same port), so it takes no duration; to keep a service down for a while, kill it with a duration');
    return {};
  }
  const durationMs = parseDuration(raw.duration);
  if (durationMs <= 0) context.problems.report([...at, 'duration'], `a duration of ${raw.duration} injects nothing; give the fault time to act`);
  return { durationMs };
}

function checkProxy(proxy: string, at: Path, targets: Targets, context: BuildContext): void {
  if (!targets.proxies.includes(proxy)) {
    context.problems.report(at, `proxy "${proxy}" is not in target.proxies (${listed(targets.proxies)}); list it there: the target is the experiment's blast radius`);
  }
}

function checkService(service: string, at: Path, targets: Targets, context: BuildContext): void {
  if (!targets.services.includes(service)) {
    context.problems.report(at, `service "${service}" is not in target.services (${listed(targets.services)}); list it there: the target is the experiment's blast radius`);
  }
}

function listed(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'none listed';
}

/** Attributes of a toxic type: known names only (the schema checked the values), required ones present, the rest 0. */
function attributes(type: ToxicTypeName, given: Record<string, unknown>, at: Path, context: BuildContext): Record<string, number> {
  const specs = TOXIC_TYPES[type];
  const result: Record<string, number> = Object.fromEntries(specs.map((spec) => [spec.name, 0]));
  for (const [name, value] of Object.entries(given)) {
    if (!specs.some((spec) => spec.name === name)) {
      context.problems.report([...at, name], `unknown attribute "${name}" for toxic type ${type} (known: ${specs.map((s) => s.name).join(', ') || 'none'})`);
    } else if (typeof value === 'number') result[name] = value;
  }
  for (const spec of specs) {
    if (spec.min > 0 && given[spec.name] === undefined) {
      context.problems.report(at, `attributes.${spec.name} is required for toxic type ${type}: at least ${spec.min} ${spec.unit} (0, Toxiproxy's value for an unsent attribute, would hang or crash it)`);
    }
  }
  return result;
}

function buildPolicyFault(raw: RawFault, at: Path, timing: { name: string; atMs: number; durationMs?: number }, targets: Targets, context: BuildContext): Fault | undefined {
  const { service, peer, set } = raw.policy!;
  const where: Path = [...at, 'policy'];
  checkService(service, [...where, 'service'], targets, context);
  const caller = findService(context.topology, service);
  if (!caller) return undefined;
  const dependency = caller.dependencies.find((d) => d.service === peer);
  if (!dependency) {
    const calls = caller.dependencies.map((d) => d.service);
    context.problems.report([...where, 'peer'], `${service} does not call "${peer}"; ${calls.length > 0 ? `it calls ${calls.join(', ')}` : 'it calls no other service'}`);
    return undefined;
  }
  const result = applyOverride(dependency.policy, set, `the policy of ${service} towards ${peer}`);
  if (!result.ok) {
    context.problems.report([...where, 'set', ...result.path], result.message);
    return undefined;
  }
  if (samePolicy(result.policy, dependency.policy)) {
    context.problems.report([...where, 'set'], `changes nothing: the declared policy of ${service} towards ${peer} already has these settings`);
  }
  return { ...timing, kind: 'policy', service, peer, policy: result.policy, declared: dependency.policy };
}
