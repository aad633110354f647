import { BlobReader, Uint8ArrayWriter, ZipReader } from "@zip.js/zip.js";

/**
 * What zip.js's reader makes of a single-entry archive: the entries' names, and the first entry's data, size and
 * encryption. `password` is given as bytes, as unzip, 7-Zip and Python send a UTF-8 password (zip.js alone would take
 * ZipCrypto passwords as Latin-1).
 */
export async function readBack(zip: Buffer, password?: Uint8Array): Promise<{ names: string[]; data: Buffer; size: number; encrypted: boolean; zipCrypto: boolean }> {
  const reader = new ZipReader(new BlobReader(new Blob([zip])), { useWebWorkers: false });
  const entries = await reader.getEntries();
  const first = entries[0];
  if (first === undefined || first.directory) throw new Error("no file entry");
  const data = Buffer.from(await first.getData(new Uint8ArrayWriter(), password === undefined ? {} : { rawPassword: password }));
  await reader.close();
  return { names: entries.map((e) => e.filename), data, size: first.uncompressedSize, encrypted: first.encrypted, zipCrypto: first.zipCrypto };
}
