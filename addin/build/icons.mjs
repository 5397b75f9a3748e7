// Small PNG icons drawn at build time (a bar chart on the brand colour), so no binary is committed.
import { deflateSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x / size, y / size), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

const bars = [
  [0.2, 0.36, 0.58],
  [0.42, 0.58, 0.36],
  [0.64, 0.8, 0.18],
]; // [left, right, top] in the unit square; all bars stand on 0.8

function onBar(u, v) {
  return bars.some(([l, r, t]) => u >= l && u < r && v >= t && v < 0.8);
}

function inRoundedSquare(u, v, radius = 0.18) {
  const dx = Math.max(radius - u, u - (1 - radius), 0);
  const dy = Math.max(radius - v, v - (1 - radius), 0);
  return dx * dx + dy * dy <= radius * radius;
}

const brand = [0x0b, 0x5c, 0xad, 0xff];
const white = [0xff, 0xff, 0xff, 0xff];
const clear = [0, 0, 0, 0];

/** The colour icon: white bars on a blue rounded square. */
export function colorIcon(size) {
  return png(size, (u, v) => (!inRoundedSquare(u, v) ? clear : onBar(u, v) ? white : brand));
}

/** The outline icon of the unified manifest: white on transparent. */
export function outlineIcon(size) {
  return png(size, (u, v) => (onBar(u, v) ? white : clear));
}
