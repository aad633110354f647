/** Runner Jobs active now (neither Complete nor Failed), counted by the shell over ALL requests' Jobs. */
export interface ActiveJobCounts {
  global: number;
  /** Active Jobs of requests from this request's channel (spec.requestedChannel). */
  inChannel: number;
}

export interface SlotLimits {
  maxConcurrentBatches: number;
  maxConcurrentBatchesPerChannel: number;
}

/**
 * D17: how many more runner Jobs may start now. A slot is one Job (one runner pod), whether it exports one
 * batch or a scan group, because the load a limit protects is the scans and the pods. The counts come from
 * observed Jobs, so a restarted operator recomputes them instead of trusting a counter.
 */
export function freeSlots(active: ActiveJobCounts, limits: SlotLimits): number {
  const global = limits.maxConcurrentBatches - active.global;
  const channel = limits.maxConcurrentBatchesPerChannel - active.inChannel;
  return Math.max(0, Math.min(global, channel));
}
