// PKWARE traditional encryption ("ZipCrypto", APPNOTE 6.3.x §6.1), the cipher of PASSWORD_PROTECTED zips (D16).
// It runs once per byte of the compressed entry on the main thread, so the byte loop allocates nothing: the three
// keys live in int32 locals, the CRC table is built once, and bytes are encrypted where they lie. (zip.js 2.24's
// cipher allocated three arrays a byte: ~5 GB for a 53 MB archive, 318 scavenges instead of 14.)

/** Bytes of the encryption header that precedes the encrypted data. */
export const ZIP_CRYPTO_HEADER_BYTES = 12;

const CRC_TABLE = crcTable();

/** The cipher's state: the three 32-bit keys, carried between chunks. */
export type ZipCryptoKeys = Int32Array;

/** The keys after the password (its bytes as given; the runner passes UTF-8, as unzip, 7-Zip and Python do). */
export function zipCryptoKeys(password: Uint8Array): ZipCryptoKeys {
  const keys = Int32Array.of(0x12345678, 0x23456789, 0x34567890);
  // Encrypting updates the keys with each plain byte, which is exactly how the password initialises them.
  encryptInPlace(keys, Uint8Array.from(password));
  return keys;
}

/**
 * The 12-byte encryption header, encrypted with (and advancing) `keys`: 11 random bytes and the check byte a reader
 * compares after decrypting (the CRC's high byte, or with a data descriptor the DOS time's high byte).
 */
export function zipCryptoHeader(keys: ZipCryptoKeys, random: Uint8Array, checkByte: number): Uint8Array {
  if (random.length !== ZIP_CRYPTO_HEADER_BYTES - 1) throw new RangeError(`ZipCrypto header needs ${ZIP_CRYPTO_HEADER_BYTES - 1} random bytes`);
  const header = new Uint8Array(ZIP_CRYPTO_HEADER_BYTES);
  header.set(random);
  header[ZIP_CRYPTO_HEADER_BYTES - 1] = checkByte;
  encryptInPlace(keys, header);
  return header;
}

/** Encrypt `data` in place, continuing from `keys` (updated for the next chunk). */
export function encryptInPlace(keys: ZipCryptoKeys, data: Uint8Array): void {
  const table = CRC_TABLE;
  let k0 = keys[0] as number;
  let k1 = keys[1] as number;
  let k2 = keys[2] as number;
  for (let i = 0; i < data.length; i++) {
    const plain = data[i] as number;
    const t = (k2 | 2) & 0xffff;
    data[i] = plain ^ (Math.imul(t, t ^ 1) >>> 8);
    k0 = (table[(k0 ^ plain) & 0xff] as number) ^ (k0 >>> 8);
    k1 = (Math.imul(k1 + (k0 & 0xff), 134775813) + 1) | 0;
    k2 = (table[(k2 ^ (k1 >>> 24)) & 0xff] as number) ^ (k2 >>> 8);
  }
  keys[0] = k0;
  keys[1] = k1;
  keys[2] = k2;
}

/** The reflected CRC-32 table (polynomial 0xEDB88320) the key schedule uses. */
function crcTable(): Int32Array {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}
