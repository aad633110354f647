import { describe, expect, it } from "vitest";
import { uploadParts, type UploadPart } from "../../../../runner/sinks/upload-parts.ts";

/** Chunks of the given sizes whose bytes count up (mod 251), so any misplaced or repeated byte shows. */
function chunksOf(sizes: readonly number[]): Buffer[] {
  let n = 0;
  return sizes.map((size) => Buffer.from(Array.from({ length: size }, () => n++ % 251)));
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

/** Every part as [number, length, last] and the bytes in order, each part copied and released as an uploader would. */
async function cut(sizes: readonly number[], partSize: number, buffers: number): Promise<{ parts: [number, number, boolean][]; bytes: Buffer; distinctBuffers: number }> {
  const parts: [number, number, boolean][] = [];
  const copies: Buffer[] = [];
  const seen = new Set<ArrayBufferLike>();
  for await (const part of uploadParts(each(chunksOf(sizes)), partSize, buffers)) {
    parts.push([part.number, part.bytes.length, part.last]);
    copies.push(Buffer.from(part.bytes));
    seen.add(part.bytes.buffer);
    part.release();
  }
  return { parts, bytes: Buffer.concat(copies), distinctBuffers: seen.size };
}

describe("uploadParts", () => {
  const cases: { name: string; sizes: number[]; partSize: number; parts: [number, number, boolean][] }[] = [
    { name: "empty body -> one empty last part (a PutObject of nothing)", sizes: [], partSize: 8, parts: [[1, 0, true]] },
    { name: "empty chunks only -> one empty last part", sizes: [0, 0], partSize: 8, parts: [[1, 0, true]] },
    { name: "shorter than a part -> one last part", sizes: [3, 2], partSize: 8, parts: [[1, 5, true]] },
    { name: "exactly one part -> one last part, not a full part and an empty one", sizes: [8], partSize: 8, parts: [[1, 8, true]] },
    { name: "exactly two parts in small chunks -> the second is last", sizes: [3, 3, 3, 3, 4], partSize: 8, parts: [[1, 8, false], [2, 8, true]] },
    { name: "one chunk spanning three parts -> cut at part boundaries", sizes: [20], partSize: 8, parts: [[1, 8, false], [2, 8, false], [3, 4, true]] },
    { name: "a full part then an empty chunk -> still last", sizes: [8, 0], partSize: 8, parts: [[1, 8, true]] },
    { name: "one byte past a part -> a one-byte last part", sizes: [8, 1], partSize: 8, parts: [[1, 8, false], [2, 1, true]] },
  ];
  it.each(cases)("$name", async ({ sizes, partSize, parts }) => {
    const got = await cut(sizes, partSize, 2);
    expect(got.parts).toEqual(parts);
    expect(got.bytes.equals(Buffer.concat(chunksOf(sizes)))).toBe(true);
  });

  it("a part released before the next is cut lends its buffer to it: every part from one buffer, the bytes still in order", async () => {
    const sizes = Array.from({ length: 40 }, (_, i) => 1 + ((i * 7) % 5));
    const got = await cut(sizes, 10, 2);
    expect(got.parts.length).toBe(Math.ceil(sizes.reduce((a, b) => a + b, 0) / 10));
    expect(got.distinctBuffers).toBe(1);
    expect(got.bytes.equals(Buffer.concat(chunksOf(sizes)))).toBe(true);
  });

  it("with every buffer out, the next part waits for a release", async () => {
    const parts = uploadParts(each(chunksOf([4, 4, 4, 4])), 4, 2);
    const first = (await parts.next()).value as UploadPart;
    const second = (await parts.next()).value as UploadPart;
    let third: UploadPart | undefined;
    const next = parts.next().then((r) => (third = r.value as UploadPart));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBeUndefined();
    first.release();
    await next;
    expect(third?.number).toBe(3);
    second.release();
    third?.release();
    const fourth = (await parts.next()).value as UploadPart;
    expect([fourth.number, fourth.last]).toEqual([4, true]);
  });

  it("a second release of one part does not free its buffer twice", async () => {
    const parts = uploadParts(each(chunksOf([4, 4, 4, 4])), 4, 2);
    const first = (await parts.next()).value as UploadPart;
    first.release();
    first.release();
    const second = (await parts.next()).value as UploadPart;
    const third = (await parts.next()).value as UploadPart;
    expect(second.bytes.buffer).not.toBe(third.bytes.buffer);
  });
});
