#!/usr/bin/env node
// Draws Halyard's icon once, as vector shapes, and writes it as SVG plus every raster the
// installers need (Linux PNG set, macOS .icns, Windows .ico) and the tray icons. Built-ins only:
// a small anti-aliased scanline rasterizer and a zlib PNG encoder. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');

// ---- the drawing, on a 1024 × 1024 canvas ------------------------------------------------
const NAVY = '#0f1e33';
const SAIL = '#f2f5fa';
const JIB = '#8fb8f0';
const GREEN = '#22c55e';
const RED = '#dc2626';

const sailGlyph = (color, jibColor = color) => [
  { type: 'poly', color, points: [[560, 196], [560, 716], [812, 716]] }, // main sail
  { type: 'poly', color: jibColor, points: [[520, 276], [520, 716], [292, 716]] }, // jib
  { type: 'poly', color, points: [[530, 160], [550, 160], [550, 760], [530, 760]] }, // mast
];
const hullChart = (color) => [{ type: 'polyline', color, width: 44, points: [[236, 842], [380, 800], [486, 826], [626, 770], [724, 786], [804, 730]] }];

const appIcon = (background) => [{ type: 'roundRect', color: background, x: 64, y: 64, w: 896, h: 896, r: 196 }, ...sailGlyph(SAIL, JIB), ...hullChart(GREEN)];
// macOS template images: black shapes on transparent, the system tints them.
const trayTemplate = () => [...sailGlyph('#000000'), ...hullChart('#000000')];
const octagon = (cx, cy, r) => Array.from({ length: 8 }, (_, i) => [cx + r * Math.cos(((i + 0.5) * Math.PI) / 4), cy + r * Math.sin(((i + 0.5) * Math.PI) / 4)]);
const trayHaltedTemplate = () => [{ type: 'poly', color: '#000000', points: octagon(512, 512, 440) }];

// ---- geometry → polygons ------------------------------------------------------------------
function circlePoints(cx, cy, r, n = 48) {
  return Array.from({ length: n }, (_, i) => [cx + r * Math.cos((2 * Math.PI * i) / n), cy + r * Math.sin((2 * Math.PI * i) / n)]);
}

function roundRectPoints({ x, y, w, h, r }, n = 16) {
  const corners = [
    [x + w - r, y + r, -Math.PI / 2],
    [x + w - r, y + h - r, 0],
    [x + r, y + h - r, Math.PI / 2],
    [x + r, y + r, Math.PI],
  ];
  const points = [];
  for (const [cx, cy, start] of corners) for (let i = 0; i <= n; i++) points.push([cx + r * Math.cos(start + (i * Math.PI) / 2 / n), cy + r * Math.sin(start + (i * Math.PI) / 2 / n)]);
  return points;
}

function polygonsOf(shape) {
  switch (shape.type) {
    case 'poly':
      return [shape.points];
    case 'roundRect':
      return [roundRectPoints(shape)];
    case 'polyline': {
      const half = shape.width / 2;
      const parts = shape.points.map(([x, y]) => circlePoints(x, y, half, 24));
      for (let i = 1; i < shape.points.length; i++) {
        const [x0, y0] = shape.points[i - 1];
        const [x1, y1] = shape.points[i];
        const length = Math.hypot(x1 - x0, y1 - y0);
        const nx = (-(y1 - y0) / length) * half;
        const ny = ((x1 - x0) / length) * half;
        parts.push([[x0 + nx, y0 + ny], [x1 + nx, y1 + ny], [x1 - nx, y1 - ny], [x0 - nx, y0 - ny]]);
      }
      return parts;
    }
    default:
      throw new Error(`unknown shape ${shape.type}`);
  }
}

// ---- rasterizer: nonzero fill, 8 sub-rows per pixel, exact horizontal coverage ------------
const SUBROWS = 8;

function rgba(hex) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function coverageOf(polygon, size, scale) {
  const coverage = new Float32Array(size * size);
  const edges = [];
  for (let i = 0; i < polygon.length; i++) {
    const [ax, ay] = polygon[i];
    const [bx, by] = polygon[(i + 1) % polygon.length];
    if (ay !== by) edges.push([ax * scale, ay * scale, bx * scale, by * scale]);
  }
  for (let row = 0; row < size * SUBROWS; row++) {
    const y = (row + 0.5) / SUBROWS;
    const crossings = [];
    for (const [ax, ay, bx, by] of edges) {
      if ((y >= ay && y < by) || (y >= by && y < ay)) crossings.push([ax + ((y - ay) / (by - ay)) * (bx - ax), by > ay ? 1 : -1]);
    }
    crossings.sort((a, b) => a[0] - b[0]);
    let winding = 0;
    const base = Math.floor(y) * size;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i][1];
      if (winding === 0) continue;
      const x0 = Math.max(0, crossings[i][0]);
      const x1 = Math.min(size, crossings[i + 1][0]);
      for (let px = Math.floor(x0); px < Math.ceil(x1); px++) {
        const covered = Math.min(px + 1, x1) - Math.max(px, x0);
        if (covered > 0) coverage[base + px] += covered / SUBROWS;
      }
    }
  }
  return coverage;
}

function rasterize(shapes, size) {
  const scale = size / 1024;
  const pixels = new Float32Array(size * size * 4); // premultiplied, 0..1
  for (const shape of shapes) {
    const [r, g, b] = rgba(shape.color).map((c) => c / 255);
    const coverage = new Float32Array(size * size);
    for (const polygon of polygonsOf(shape)) {
      const part = coverageOf(polygon, size, scale);
      for (let i = 0; i < part.length; i++) coverage[i] = Math.max(coverage[i], Math.min(1, part[i]));
    }
    for (let i = 0; i < coverage.length; i++) {
      const a = coverage[i];
      if (a <= 0) continue;
      const o = i * 4;
      pixels[o] = r * a + pixels[o] * (1 - a);
      pixels[o + 1] = g * a + pixels[o + 1] * (1 - a);
      pixels[o + 2] = b * a + pixels[o + 2] * (1 - a);
      pixels[o + 3] = a + pixels[o + 3] * (1 - a);
    }
  }
  const out = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const a = pixels[i * 4 + 3];
    for (let c = 0; c < 3; c++) out[i * 4 + c] = a > 0 ? Math.round(Math.min(1, pixels[i * 4 + c] / a) * 255) : 0;
    out[i * 4 + 3] = Math.round(a * 255);
  }
  return out;
}

// ---- encoders -------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function png(rgbaPixels, size) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgbaPixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Windows .ico: 32-bit DIB entries below 256 px (what every consumer reads), PNG at 256. */
function ico(images) {
  const entries = images.map(({ size, pixels }) => {
    if (size >= 256) return png(pixels, size);
    const header = Buffer.alloc(40);
    header.writeUInt32LE(40, 0);
    header.writeInt32LE(size, 4);
    header.writeInt32LE(size * 2, 8); // XOR + AND masks
    header.writeUInt16LE(1, 12);
    header.writeUInt16LE(32, 14);
    const xor = Buffer.alloc(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = (y * size + x) * 4;
        const to = ((size - 1 - y) * size + x) * 4; // bottom-up, BGRA
        xor[to] = pixels[from + 2];
        xor[to + 1] = pixels[from + 1];
        xor[to + 2] = pixels[from];
        xor[to + 3] = pixels[from + 3];
      }
    }
    const and = Buffer.alloc(Math.ceil(size / 32) * 4 * size); // alpha carries transparency
    return Buffer.concat([header, xor, and]);
  });
  const directory = Buffer.alloc(6 + 16 * images.length);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(images.length, 4);
  let offset = directory.length;
  images.forEach(({ size }, i) => {
    const at = 6 + 16 * i;
    directory[at] = size >= 256 ? 0 : size;
    directory[at + 1] = size >= 256 ? 0 : size;
    directory.writeUInt16LE(1, at + 4);
    directory.writeUInt16LE(32, at + 6);
    directory.writeUInt32LE(entries[i].length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += entries[i].length;
  });
  return Buffer.concat([directory, ...entries]);
}

/** macOS .icns with PNG payloads (10.7+), 16 px to 512@2x. */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];
function icns(pngBySize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const data = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + entries.reduce((sum, e) => sum + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

function svg(shapes) {
  const body = shapes.map((shape) => {
    switch (shape.type) {
      case 'poly':
        return `  <polygon fill="${shape.color}" points="${shape.points.map((p) => p.map((v) => +v.toFixed(2)).join(',')).join(' ')}"/>`;
      case 'roundRect':
        return `  <rect fill="${shape.color}" x="${shape.x}" y="${shape.y}" width="${shape.w}" height="${shape.h}" rx="${shape.r}"/>`;
      case 'polyline':
        return `  <polyline fill="none" stroke="${shape.color}" stroke-width="${shape.width}" stroke-linecap="round" stroke-linejoin="round" points="${shape.points.map((p) => p.join(',')).join(' ')}"/>`;
      default:
        throw new Error(`unknown shape ${shape.type}`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">\n${body.join('\n')}\n</svg>\n`;
}

// ---- outputs --------------------------------------------------------------------------------
function write(relative, data) {
  const file = join(assets, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
}

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const icon = appIcon(NAVY);
const pngBySize = new Map();
for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])) pngBySize.set(size, png(rasterize(icon, size), size));

write('icon.svg', svg(icon));
write('icon.png', pngBySize.get(1024));
for (const size of LINUX_SIZES) write(`icons/${size}x${size}.png`, pngBySize.get(size));
write('icon.icns', icns(pngBySize));
write('icon.ico', ico(ICO_SIZES.map((size) => ({ size, pixels: rasterize(icon, size) }))));

// Tray: 16 px with @2x for HiDPI; macOS gets template images, others the coloured icon (red when halted).
for (const [name, shapes] of [
  ['tray', icon],
  ['tray-halted', appIcon(RED)],
  ['trayTemplate', trayTemplate()],
  ['trayHaltedTemplate', trayHaltedTemplate()],
]) {
  write(`tray/${name}.png`, png(rasterize(shapes, 16), 16));
  write(`tray/${name}@2x.png`, png(rasterize(shapes, 32), 32));
}
process.stdout.write(`icons written to ${assets}\n`);
