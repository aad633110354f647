// V8 sizes its heap from the machine, not from the container's memory limit, so without a cap a streaming runner
// keeps growing its old generation until the limit kills it. The runner measured flat at ~200 MB with these flags
// (docs/runner.md); 40% of the limit leaves room for buffers, the driver and zip state outside the heap.
const units: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** Bytes of a Kubernetes memory quantity such as 512Mi or 1G; undefined when it is not one. */
export function quantityBytes(quantity: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (m === null) return undefined;
  const unit = units[m[2] ?? ""];
  return unit === undefined ? undefined : Number(m[1]) * unit;
}

/** NODE_OPTIONS for a runner whose memory is capped at `memory`: old space at 40% of it, at least 64 MiB. */
export function nodeHeapOptions(memory: string): string | undefined {
  const bytes = quantityBytes(memory);
  if (bytes === undefined) return undefined;
  const oldSpaceMiB = Math.max(64, Math.floor((bytes * 0.4) / 2 ** 20));
  return `--max-old-space-size=${oldSpaceMiB} --max-semi-space-size=16`;
}

/**
 * glibc malloc's settings for the runner. Its mmap threshold rises to the size of each large block freed (up to 32 MiB),
 * after which the runner's upload parts and encoded row groups come from the heap and stay resident once freed; a fixed
 * 128 KiB threshold returns them to the kernel at once (Response 100k: 227-231 against 236-241 MB peak RSS, the same
 * CPU; docs/runner.md). Setting it also stops glibc's automatic trim-threshold changes.
 */
export const RUNNER_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: "131072" };
