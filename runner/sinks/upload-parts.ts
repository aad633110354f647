/** One part of a multipart upload: `bytes` stay valid until `release` hands the buffer back for the next part. */
export interface UploadPart {
  /** 1-based, in body order. */
  number: number;
  bytes: Buffer;
  /** Whether the body ended with this part (a body of one part can then be sent in one request). */
  last: boolean;
  release(): void;
}

/**
 * Cuts a body into parts of `partSize` bytes (the last one shorter; an empty body gives one empty last part), copied
 * into at most `buffers` buffers that are reused. A library that concatenates the body's chunks makes two garbage
 * copies of every part, which outlive the young generation and stay resident until a full GC (docs/runner.md). A
 * full part is held back until the next chunk arrives, so that the part that ends the body is known to be the last.
 * When every buffer is out, the cut waits for a release: upload at most `buffers - 1` parts at once.
 */
export async function* uploadParts(body: AsyncIterable<Uint8Array>, partSize: number, buffers: number): AsyncGenerator<UploadPart> {
  const free: Buffer[] = [];
  let allocated = 0;
  let waiting: (() => void) | undefined;
  const acquire = async (): Promise<Buffer> => {
    while (free.length === 0 && allocated >= buffers) await new Promise<void>((resolve) => (waiting = resolve));
    if (free.length > 0) return free.pop() as Buffer;
    allocated++;
    // Not zeroed: every byte sent is written first, and untouched pages of a short last part never become resident.
    return Buffer.allocUnsafeSlow(partSize);
  };
  const partOf = (number: number, buffer: Buffer, length: number, last: boolean): UploadPart => {
    let released = false;
    return {
      number,
      bytes: buffer.subarray(0, length),
      last,
      release() {
        if (released) return;
        released = true;
        free.push(buffer);
        const wake = waiting;
        waiting = undefined;
        wake?.();
      },
    };
  };

  let number = 1;
  let current = await acquire();
  let filled = 0;
  for await (const chunk of body) {
    let offset = 0;
    while (offset < chunk.length) {
      if (filled === partSize) {
        yield partOf(number++, current, filled, false);
        current = await acquire();
        filled = 0;
      }
      const n = Math.min(chunk.length - offset, partSize - filled);
      current.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
    }
  }
  yield partOf(number, current, filled, true);
}
