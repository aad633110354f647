import type { SlotLimits } from "./admission-slots.ts";

/** Active runner Jobs now: over all requests and per requesting channel. */
export interface ActiveByChannel {
  global: number;
  byChannel: ReadonlyMap<string, number>;
}

/**
 * Which requests waiting for a runner slot (D17) to reconcile when slots free up: the oldest waiters first, as many
 * as the free slots can serve, skipping channels that are at their limit. Waking only those keeps a freed slot
 * from starting a pass for every waiting request; the periodic recheck still covers anything missed.
 */
export function requestsToWake(waiting: readonly (readonly [key: string, channel: string])[], active: ActiveByChannel, limits: SlotLimits): string[] {
  let globalRoom = limits.maxConcurrentBatches - active.global;
  const channelRoom = new Map<string, number>();
  const wake: string[] = [];
  for (const [key, channel] of waiting) {
    if (globalRoom <= 0) break;
    const room = channelRoom.get(channel) ?? limits.maxConcurrentBatchesPerChannel - (active.byChannel.get(channel) ?? 0);
    if (room <= 0) continue;
    channelRoom.set(channel, room - 1);
    globalRoom--;
    wake.push(key);
  }
  return wake;
}
