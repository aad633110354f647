import type { KubeConfig } from "@kubernetes/client-node";
import type { Command } from "commander";
import type { KubeApi } from "../../kube/client/api-client.ts";

/** stdout or stderr as the commands see it: whether it is a terminal decides between redraws and plain lines. */
export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Terminal width; undefined when not a terminal. */
  readonly columns: number | undefined;
}

/** The flags every command takes, as kubectl plugins take them. */
export interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** A loaded kubeconfig, the API client built from it and the namespace the command works in. */
export interface KubeTarget {
  kc: KubeConfig;
  api: KubeApi;
  namespace: string;
}

/** What main.ts provides: the process's streams, clock, timers, Ctrl-C and the way to reach a cluster. */
export interface PluginEnvironment {
  out: Output;
  err: Output;
  now(): Date;
  /** Calls `tick` every `ms` until the returned function is called (terminal redraws). */
  every(ms: number, tick: () => void): () => void;
  /** Aborted on Ctrl-C / SIGTERM. */
  signal: AbortSignal;
  /** Loads the kubeconfig; asynchronous so the Kubernetes client is loaded only by commands that reach a cluster. */
  connect(flags: ConnectionFlags): Promise<KubeTarget>;
}

/** What a command's action works with: the environment, the cluster (connected on first use) and the command tree. */
export interface PluginContext extends PluginEnvironment {
  /** Loads the kubeconfig named by the global flags the first time it is called; completion and dry runs may never. */
  kube(): Promise<KubeTarget>;
  /** The whole program, for completion. */
  program: Command;
}
