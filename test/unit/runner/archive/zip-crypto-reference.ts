// The ZipCrypto cipher written straight from APPNOTE 6.3.x §6.1 (bit-by-bit CRC, unsigned numbers, one byte at a
// time), independent of runner/archive/zip-crypto.ts's table, int32 locals and in-place chunks: the tests' reference
// for encrypting (zip-crypto.test.ts) and for reading a written header back without zip.js (zip-stream.test.ts).

export interface ReferenceZipCrypto {
  /** Encrypts the next bytes of the stream. */
  encrypt(plain: Uint8Array): Uint8Array;
  /** Decrypts the next bytes of the stream. */
  decrypt(cipher: Uint8Array): Uint8Array;
}

/** A cipher stream keyed with `password` (its bytes as stored: UTF-8 here); encrypt and decrypt continue it. */
export function referenceZipCrypto(password: Uint8Array): ReferenceZipCrypto {
  const crc32Byte = (crc: number, byte: number) => {
    let c = (crc ^ byte) >>> 0;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    return c >>> 0;
  };
  const keys = [305419896, 591751049, 878082192];
  const update = (p: number) => {
    keys[0] = crc32Byte(keys[0] as number, p) >>> 0;
    keys[1] = (keys[1] as number) + ((keys[0] as number) & 0xff);
    keys[1] = (Number((BigInt(keys[1]) * 134775813n) % 4294967296n) + 1) % 4294967296;
    keys[2] = crc32Byte(keys[2] as number, (keys[1] as number) >>> 24);
  };
  const streamByte = () => {
    const temp = ((keys[2] as number) | 2) & 0xffff;
    return Number((BigInt(temp) * BigInt(temp ^ 1)) >> 8n) & 0xff;
  };
  for (const p of password) update(p);
  return {
    encrypt: (plain) =>
      Uint8Array.from(plain, (p) => {
        const c = p ^ streamByte();
        update(p);
        return c;
      }),
    decrypt: (cipher) =>
      Uint8Array.from(cipher, (c) => {
        const p = c ^ streamByte();
        update(p);
        return p;
      }),
  };
}
