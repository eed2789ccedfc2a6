// CRC-64/NVME (S3's default checksum since 2025): reflected polynomial 0x9A6C9329AC4BC9B5, initial
// value and final XOR all ones. The only packaged JavaScript version (@aws-sdk/crc64-nvme) lives
// on an SDK-internal package and measured no faster, so this is a small slicing-by-8 version: eight
// 256-entry tables let it consume 8 bytes per step. The 64-bit state is kept as two 32-bit
// halves, which is much faster in JavaScript than BigInt arithmetic.

const POLY_HI = 0x9a6c9329;
const POLY_LO = 0xac4bc9b5;
const SLICES = 8;

/** TABLE_*[k * 256 + n]: the CRC of byte n followed by k zero bytes. */
const TABLE_HI = new Uint32Array(SLICES * 256);
const TABLE_LO = new Uint32Array(SLICES * 256);
for (let n = 0; n < 256; n++) {
  let hi = 0;
  let lo = n;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi = hi >>> 1;
    if (carry) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[n] = hi;
  TABLE_LO[n] = lo;
}
for (let k = 1; k < SLICES; k++) {
  for (let n = 0; n < 256; n++) {
    const hi = TABLE_HI[(k - 1) * 256 + n];
    const lo = TABLE_LO[(k - 1) * 256 + n];
    const index = lo & 0xff;
    TABLE_LO[k * 256 + n] = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index]) >>> 0;
    TABLE_HI[k * 256 + n] = ((hi >>> 8) ^ TABLE_HI[index]) >>> 0;
  }
}

export class Crc64Nvme {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): this {
    let hi = this.hi;
    let lo = this.lo;
    const length = data.length;
    const whole = length - (length % 8);
    let i = 0;
    for (; i < whole; i += 8) {
      const l = lo ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
      const h = hi ^ (data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24));
      const a = 1792 + (l & 0xff);
      const b = 1536 + ((l >>> 8) & 0xff);
      const c = 1280 + ((l >>> 16) & 0xff);
      const d = 1024 + (l >>> 24);
      const e = 768 + (h & 0xff);
      const f = 512 + ((h >>> 8) & 0xff);
      const g = 256 + ((h >>> 16) & 0xff);
      const k = h >>> 24;
      lo = TABLE_LO[a] ^ TABLE_LO[b] ^ TABLE_LO[c] ^ TABLE_LO[d] ^ TABLE_LO[e] ^ TABLE_LO[f] ^ TABLE_LO[g] ^ TABLE_LO[k];
      hi = TABLE_HI[a] ^ TABLE_HI[b] ^ TABLE_HI[c] ^ TABLE_HI[d] ^ TABLE_HI[e] ^ TABLE_HI[f] ^ TABLE_HI[g] ^ TABLE_HI[k];
    }
    for (; i < length; i++) {
      const index = (lo ^ data[i]) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[index];
      hi = (hi >>> 8) ^ TABLE_HI[index];
    }
    this.hi = hi >>> 0;
    this.lo = lo >>> 0;
    return this;
  }

  /** The CRC as 8 big-endian bytes (the form S3 base64-encodes into x-amz-checksum-crc64nvme). */
  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE((this.hi ^ 0xffffffff) >>> 0, 0);
    out.writeUInt32BE((this.lo ^ 0xffffffff) >>> 0, 4);
    return out;
  }
}
