import { execFile } from "node:child_process";
import { createDecipheriv } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptedPayload, textWrappingKey, ZERO_IV } from "../../../runner/archive/encrypted-payload.ts";
import { singleEntryZip } from "../../../runner/archive/single-entry-zip.ts";
import { zipStream } from "../../../runner/archive/zip-stream.ts";
import type { ZipProtection } from "../../../runner/archive/zip-stream.ts";

// The archives the runner writes must open with the tools users have (D16): Info-ZIP `unzip` for ZipCrypto and plain
// zips, 7-Zip for ZipCrypto and WinZip AES-256. The tools run for real; nothing here needs the test stack.

const run = promisify(execFile);
const entry = "batch-001_userinfo_20240131.csv";
const modifiedAt = new Date(2024, 0, 31, 23, 59, 58);
const password = "Pässwort mit Leerzeichen & $ymbols";

function csvText(): string {
  const lines = ["Collection Id,User Name,Email ID\r\n"];
  for (let i = 0; i < 40_000; i++) lines.push(`do_course,User ${i},user${i}@example.com\r\n`);
  lines.push('do_course,"Leela ""L"" Kumar","multi\nline"\r\n', "do_course,ಲೀಲಾ,\r\n");
  return lines.join("");
}

async function* inChunks(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, "utf8");
  for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
}

async function writeZip(path: string, source: AsyncIterable<Uint8Array>, protection: ZipProtection, level?: number): Promise<void> {
  const parts: Uint8Array[] = [];
  for await (const part of zipStream(entry, source, protection, modifiedAt, level)) parts.push(part);
  await writeFile(path, Buffer.concat(parts));
}

// Python's zipfile: it checks the Zip64 extra fields strictly, decrypts ZipCrypto and checks the CRC.
const pythonExtract = `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    info = z.getinfo(sys.argv[2])
    data = z.read(info, pwd=sys.argv[3].encode() if len(sys.argv) > 3 else None)
    assert len(data) == info.file_size, (len(data), info.file_size)
    sys.stdout.buffer.write(data)
`;

async function extract(tool: "unzip" | "7z" | "python3", zip: string, secret?: string): Promise<Buffer> {
  const args = tool === "unzip"
    ? [...(secret === undefined ? [] : ["-P", secret]), "-p", zip, entry]
    : tool === "7z"
      ? ["x", "-so", `-p${secret ?? ""}`, zip, entry]
      : ["-c", pythonExtract, zip, entry, ...(secret === undefined ? [] : [secret])];
  const { stdout } = await run(tool, args, { encoding: "buffer", maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

describe("zip archives open with OS tools", () => {
  const csv = csvText();
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), "zip-tools-"))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const cases: { name: string; protection: ZipProtection; tool: "unzip" | "7z"; secret?: string }[] = [
    { name: "plain zip -> unzip extracts the CSV", protection: { method: "none" }, tool: "unzip" },
    { name: "plain zip -> 7z extracts the CSV", protection: { method: "none" }, tool: "7z" },
    { name: "ZipCrypto -> unzip -P extracts the CSV", protection: { method: "zipcrypto", password }, tool: "unzip", secret: password },
    { name: "ZipCrypto -> 7z -p extracts the CSV", protection: { method: "zipcrypto", password }, tool: "7z", secret: password },
    { name: "AES-256 -> 7z -p extracts the CSV", protection: { method: "aes256", password }, tool: "7z", secret: password },
  ];
  it.each(cases)("$name", async ({ protection, tool, secret }) => {
    const zip = join(dir, `${protection.method}-${tool}.zip`);
    await writeZip(zip, inChunks(csv), protection);
    const extracted = await extract(tool, zip, secret);
    expect(extracted.equals(Buffer.from(csv, "utf8"))).toBe(true);
  });

  const levels: { name: string; level: number; protection: ZipProtection; tool: "unzip" | "7z" }[] = [
    { name: "ZipCrypto, deflate level 1 -> unzip -P extracts the CSV", level: 1, protection: { method: "zipcrypto", password }, tool: "unzip" },
    { name: "AES-256, deflate level 9 -> 7z -p extracts the CSV", level: 9, protection: { method: "aes256", password }, tool: "7z" },
  ];
  it.each(levels)("$name", async ({ level, protection, tool }) => {
    const zip = join(dir, `level-${level}-${protection.method}.zip`);
    await writeZip(zip, inChunks(csv), protection, level);
    expect((await extract(tool, zip, password)).equals(Buffer.from(csv, "utf8"))).toBe(true);
  });

  it("ZipCrypto -> unzip -t passes the integrity test (CRC and check byte)", async () => {
    const zip = join(dir, "zipcrypto-test.zip");
    await writeZip(zip, inChunks(csv), { method: "zipcrypto", password });
    const { stdout } = await run("unzip", ["-t", "-P", password, zip]);
    expect(stdout).toContain("No errors detected");
  });

  // Archives above 4 GiB hold their sizes and offsets in Zip64 fields; lowering the writer's threshold puts them
  // there on a small entry: every value (0), or only the uncompressed size (between the two sizes).
  const zip64: { name: string; zip64From: number; tool: "unzip" | "7z" | "python3" }[] = [0, 500_000].flatMap((zip64From) => {
    const what = zip64From === 0 ? "every size and offset in Zip64 fields" : "only the uncompressed size in a Zip64 field";
    return (["unzip", "7z", "python3"] as const).map((tool) => ({ name: `ZipCrypto, ${what} -> ${tool} extracts the CSV`, zip64From, tool }));
  });
  it.each(zip64)("$name", async ({ zip64From, tool }) => {
    const zip = join(dir, `zip64-${zip64From}-${tool}.zip`);
    const parts: Uint8Array[] = [];
    for await (const part of singleEntryZip(entry, inChunks(csv), { modifiedAt, level: 6, password: Buffer.from(password, "utf8"), zip64From })) parts.push(part);
    await writeFile(zip, Buffer.concat(parts));
    expect((await extract(tool, zip, password)).equals(Buffer.from(csv, "utf8"))).toBe(true);
    if (tool === "unzip") expect((await run("unzip", ["-t", "-P", password, zip])).stdout).toContain("No errors detected");
  });

  const wrong: { name: string; protection: ZipProtection; tool: "unzip" | "7z" }[] = [
    { name: "ZipCrypto with a wrong password -> unzip refuses", protection: { method: "zipcrypto", password }, tool: "unzip" },
    { name: "AES-256 with a wrong password -> 7z refuses", protection: { method: "aes256", password }, tool: "7z" },
  ];
  it.each(wrong)("$name", async ({ protection, tool }) => {
    const zip = join(dir, `wrong-${protection.method}.zip`);
    await writeZip(zip, inChunks(csv), protection);
    await expect(extract(tool, zip, "not the password")).rejects.toThrow();
  });

  it("TEXT_KEY payload in a plain zip -> unzip gives the payload, which decrypts to the CSV", async () => {
    const zip = join(dir, "text-key.zip");
    const textKey = "org text key";
    await writeZip(zip, encryptedPayload(inChunks(csv), { level: "TEXT_KEY_ENCRYPTED_DATASET", textKey }), { method: "none" });
    const payload = await extract("unzip", zip);
    const first = payload.indexOf(0x0a);
    const second = payload.indexOf(0x0a, first + 1);
    expect(payload.subarray(0, first).toString()).toBe("TEXT_KEY_ENCRYPTED_DATASET");
    const unwrap = createDecipheriv("aes-256-cbc", textWrappingKey(textKey), ZERO_IV);
    const wrapped = Buffer.from(payload.subarray(first + 1, second).toString(), "base64");
    const dataKey = Buffer.concat([unwrap.update(wrapped), unwrap.final()]);
    const decipher = createDecipheriv("aes-256-cbc", dataKey, ZERO_IV);
    const plain = Buffer.concat([decipher.update(payload.subarray(second + 1)), decipher.final()]);
    expect(plain.toString("utf8")).toBe(csv);
  });
});
