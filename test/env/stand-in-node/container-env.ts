import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { expandVars, lookupIn } from "./expand-vars.ts";
import { fieldRefValue } from "./field-ref.ts";
import { resourceFieldValue } from "./resource-field.ts";

// A container's environment resolved the way the kubelet's makeEnvironmentVariables does it: envFrom first
// (prefix applied), then env in order, where a value's $(VAR) sees envFrom, earlier env entries and the service
// variables; then the service variables the container did not define. Secret values arrive already decoded.

/** Data of the Secrets/ConfigMaps a container references; null means "not found". */
export interface EnvSources {
  secrets: ReadonlyMap<string, Readonly<Record<string, string>> | null>;
  configMaps: ReadonlyMap<string, Readonly<Record<string, string>> | null>;
}

export interface EnvContext {
  pod: V1Pod;
  container: V1Container;
  nodeName: string;
  /** KUBERNETES_SERVICE_HOST / _PORT: referencable, and added unless the container defines them. */
  serviceEnv: Readonly<Record<string, string>>;
  allocatable: Readonly<Record<string, string>>;
  sources: EnvSources;
}

export type ResolvedContainer = { env: Record<string, string>; command?: string[]; args?: string[] } | { error: string };

/** Names of the Secrets and ConfigMaps the container's env and envFrom read, to be fetched before resolving. */
export function envSourceNames(container: V1Container): { secrets: string[]; configMaps: string[] } {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  for (const from of container.envFrom ?? []) {
    if (from.secretRef) secrets.add(from.secretRef.name ?? "");
    if (from.configMapRef) configMaps.add(from.configMapRef.name ?? "");
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom?.secretKeyRef) secrets.add(e.valueFrom.secretKeyRef.name ?? "");
    if (e.valueFrom?.configMapKeyRef) configMaps.add(e.valueFrom.configMapKeyRef.name ?? "");
  }
  return { secrets: [...secrets], configMaps: [...configMaps] };
}

type Lookup = { data: Readonly<Record<string, string>> } | { skip: true } | { error: string };

function lookupSource(kind: "Secret" | "ConfigMap", ctx: EnvContext, name: string, optional: boolean | undefined): Lookup {
  const map = kind === "Secret" ? ctx.sources.secrets : ctx.sources.configMaps;
  const data = map.get(name);
  if (data) return { data };
  if (optional) return { skip: true };
  return { error: `${kind.toLowerCase()} "${name}" not found` };
}

function lookupKey(kind: "Secret" | "ConfigMap", ctx: EnvContext, ref: { name?: string; key: string; optional?: boolean }): { value: string } | { skip: true } | { error: string } {
  const source = lookupSource(kind, ctx, ref.name ?? "", ref.optional);
  if (!("data" in source)) return source;
  if (Object.hasOwn(source.data, ref.key)) return { value: source.data[ref.key] ?? "" };
  if (ref.optional) return { skip: true };
  return { error: `couldn't find key ${ref.key} in ${kind} ${ctx.pod.metadata?.namespace ?? ""}/${ref.name ?? ""}` };
}

// The kubelet skips envFrom keys that cannot be variable names (and records an event); since 1.34 any printable
// ASCII except "=" is allowed.
const validName = (name: string): boolean => /^[\x20-\x3c\x3e-\x7e]+$/.test(name);

/** Resolves env, envFrom, command and args, or returns the CreateContainerConfigError message. */
export function resolveContainer(ctx: EnvContext): ResolvedContainer {
  const env: Record<string, string> = {};
  for (const from of ctx.container.envFrom ?? []) {
    const ref = from.secretRef ?? from.configMapRef;
    if (!ref) continue;
    const source = lookupSource(from.secretRef ? "Secret" : "ConfigMap", ctx, ref.name ?? "", ref.optional);
    if ("error" in source) return source;
    if (!("data" in source)) continue;
    for (const [key, value] of Object.entries(source.data)) {
      const name = `${from.prefix ?? ""}${key}`;
      if (validName(name)) env[name] = value;
    }
  }
  const lookup = lookupIn(env, ctx.serviceEnv);
  for (const e of ctx.container.env ?? []) {
    const value = resolveOne(e, ctx, lookup);
    if ("error" in value) return value;
    if ("value" in value) env[e.name] = value.value;
  }
  for (const [name, value] of Object.entries(ctx.serviceEnv)) if (!Object.hasOwn(env, name)) env[name] = value;
  const expand = (s: string): string => expandVars(s, lookupIn(env));
  return {
    env,
    ...(ctx.container.command ? { command: ctx.container.command.map(expand) } : {}),
    ...(ctx.container.args ? { args: ctx.container.args.map(expand) } : {}),
  };
}

type EnvVar = NonNullable<V1Container["env"]>[number];

function resolveOne(e: EnvVar, ctx: EnvContext, lookup: (name: string) => string | undefined): { value: string } | { skip: true } | { error: string } {
  if (e.value) return { value: expandVars(e.value, lookup) };
  const from = e.valueFrom;
  if (!from) return { value: "" };
  if (from.fieldRef) return fieldRefValue(ctx.pod, from.fieldRef.fieldPath, ctx.nodeName);
  if (from.resourceFieldRef) {
    const target = from.resourceFieldRef.containerName
      ? [...(ctx.pod.spec?.containers ?? []), ...(ctx.pod.spec?.initContainers ?? [])].find((c) => c.name === from.resourceFieldRef?.containerName)
      : ctx.container;
    if (!target) return { error: `container ${from.resourceFieldRef.containerName} not found for resourceFieldRef` };
    return resourceFieldValue(from.resourceFieldRef, target, ctx.allocatable);
  }
  if (from.configMapKeyRef) return lookupKey("ConfigMap", ctx, from.configMapKeyRef);
  if (from.secretKeyRef) return lookupKey("Secret", ctx, from.secretKeyRef);
  return { error: `unsupported valueFrom for ${e.name}` };
}

/**
 * The full environment of the process: what the "image" provides (PATH, HOME, TMPDIR, the stand-in's NODE_OPTIONS),
 * overridden by the container's resolved env, plus the stand-in's own TERMINATION_MESSAGE_PATH. A container's
 * NODE_OPTIONS is appended to the stand-in's, so the loopback guard preloaded through it always stays in force.
 */
export function processEnv(image: Readonly<Record<string, string>>, container: Readonly<Record<string, string>>, terminationMessagePath: string): Record<string, string> {
  const env: Record<string, string> = { ...image, ...container };
  if (image.NODE_OPTIONS && container.NODE_OPTIONS && container.NODE_OPTIONS !== image.NODE_OPTIONS) {
    env.NODE_OPTIONS = `${image.NODE_OPTIONS} ${container.NODE_OPTIONS}`;
  }
  env.TERMINATION_MESSAGE_PATH = terminationMessagePath;
  return env;
}
