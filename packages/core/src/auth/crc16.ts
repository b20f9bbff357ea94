/**
 * CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection), the checksum at the end of every nkey.
 */

// One entry per byte value: the usual table-driven form, built once instead of pasted as 256 literals.
const TABLE = new Uint16Array(256);
for (let b = 0; b < 256; b++) {
  let crc = b << 8;
  for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  TABLE[b] = crc;
}

/** CRC-16/XMODEM of `data` (`"123456789"` gives `0x31c3`). */
export function crc16(data: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < data.length; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ data[i]!) & 0xff]!;
  return crc;
}
