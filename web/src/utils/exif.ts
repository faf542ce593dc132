// Carrying a photo's EXIF (time taken, GPS) from the phone's original JPEG into the smaller JPEG
// the canvas makes of it (utils/image.ts). Those facts are what turn a before/after photo into
// evidence, and a canvas writes none of them. Pure functions over bytes: no DOM, no canvas.
//
// A JPEG is SOI (FF D8), then segments `FF mm LL LL payload` up to the scan (FF DA). The EXIF is
// the APP1 segment (FF E1) whose payload starts with "Exif\0\0", followed by a TIFF structure:
// a byte order ("II" little, "MM" big endian), 42, the offset of IFD0; an IFD is a count and
// 12-byte entries (tag, type, count, value or offset). Offsets count from the TIFF header, so a
// segment can be moved to another file unchanged — which is why we copy it whole and only patch
// values in place (same sizes, no offset moves).

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0, 0]; // "Exif\0\0"
const TIFF_START = 4 + EXIF_HEADER.length; // within the segment: FF E1, length, "Exif\0\0"

const TAG_ORIENTATION = 0x0112;
const TAG_EXIF_IFD = 0x8769;
const TAG_PIXEL_X = 0xa002;
const TAG_PIXEL_Y = 0xa003;
const TYPE_SHORT = 3;
const TYPE_LONG = 4;

/** Orientation 1 is "as stored"; 5–8 turn the picture by a quarter (width and height swap). */
export const UPRIGHT = 1;

interface Segment {
  marker: number;
  start: number; // offset of the FF of the marker
  end: number; // offset just past the segment
}

/** The header segments of a JPEG up to its scan; null when the bytes are not a JPEG we can walk. */
function segments(jpeg: Uint8Array): Segment[] | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== SOI) return null;
  const out: Segment[] = [];
  let pos = 2;
  while (pos + 4 <= jpeg.length) {
    if (jpeg[pos] !== 0xff) return null;
    const marker = jpeg[pos + 1];
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === SOS || marker === EOI) return out;
    const length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
    if (length < 2 || pos + 2 + length > jpeg.length) return null;
    out.push({ marker, start: pos, end: pos + 2 + length });
    pos += 2 + length;
  }
  return out;
}

function isExif(jpeg: Uint8Array, s: Segment): boolean {
  if (s.marker !== APP1 || s.end - s.start < TIFF_START + 8) return false;
  return EXIF_HEADER.every((b, i) => jpeg[s.start + 4 + i] === b);
}

/** The whole APP1 EXIF segment (marker and length included), or null when there is none. */
export function readExifSegment(jpeg: Uint8Array): Uint8Array | null {
  const found = segments(jpeg)?.find((s) => isExif(jpeg, s));
  if (!found) return null;
  const segment = jpeg.slice(found.start, found.end);
  return tiff(segment) ? segment : null;
}

/** The pixel size the JPEG's frame header (SOF) declares, before any EXIF orientation. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } | null {
  for (const s of segments(jpeg) ?? []) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (s.marker >= 0xc0 && s.marker <= 0xcf && s.marker !== 0xc4 && s.marker !== 0xc8 && s.marker !== 0xcc) {
      if (s.end - s.start < 9) return null;
      const height = (jpeg[s.start + 5] << 8) | jpeg[s.start + 6];
      const width = (jpeg[s.start + 7] << 8) | jpeg[s.start + 8];
      return { width, height };
    }
  }
  return null;
}

interface Tiff {
  view: DataView; // over the TIFF structure only: offsets are relative to it
  little: boolean;
  ifd0: number;
}

function tiff(segment: Uint8Array): Tiff | null {
  const view = new DataView(segment.buffer, segment.byteOffset + TIFF_START, segment.length - TIFF_START);
  if (view.byteLength < 8) return null;
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  if (view.getUint16(2, little) !== 42) return null;
  const ifd0 = view.getUint32(4, little);
  if (ifd0 + 2 > view.byteLength) return null;
  return { view, little, ifd0 };
}

interface Entry {
  at: number; // offset of the entry within the TIFF structure
  tag: number;
  type: number;
  count: number;
}

function entries(t: Tiff, ifd: number): Entry[] {
  if (ifd + 2 > t.view.byteLength) return [];
  const n = t.view.getUint16(ifd, t.little);
  const out: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const at = ifd + 2 + 12 * i;
    if (at + 12 > t.view.byteLength) break;
    out.push({ at, tag: t.view.getUint16(at, t.little), type: t.view.getUint16(at + 2, t.little), count: t.view.getUint32(at + 4, t.little) });
  }
  return out;
}

/** A SHORT or LONG with count 1 sits in the entry itself: read and written in place. */
function readInline(t: Tiff, e: Entry): number | null {
  if (e.count !== 1) return null;
  if (e.type === TYPE_SHORT) return t.view.getUint16(e.at + 8, t.little);
  if (e.type === TYPE_LONG) return t.view.getUint32(e.at + 8, t.little);
  return null;
}

function writeInline(t: Tiff, e: Entry, value: number): void {
  if (e.count !== 1) return;
  if (e.type === TYPE_SHORT && value <= 0xffff) t.view.setUint16(e.at + 8, value, t.little);
  else if (e.type === TYPE_LONG) t.view.setUint32(e.at + 8, value, t.little);
}

/** The EXIF orientation (1–8) of an APP1 segment; null when it has none. */
export function exifOrientation(segment: Uint8Array): number | null {
  const t = tiff(segment);
  const e = t && entries(t, t.ifd0).find((x) => x.tag === TAG_ORIENTATION);
  return t && e ? readInline(t, e) : null;
}

/**
 * A copy of the segment with its orientation and pixel size made true for the new picture.
 * Every other tag (DateTimeOriginal, OffsetTimeOriginal, the GPS IFD, make and model) is kept
 * byte for byte. The embedded thumbnail (IFD1) is kept too: it is small, and only a preview.
 */
export function rewriteExif(segment: Uint8Array, change: { orientation?: number; width?: number; height?: number }): Uint8Array {
  const copy = segment.slice();
  const t = tiff(copy);
  if (!t) return copy;
  const ifd0 = entries(t, t.ifd0);
  const orientation = ifd0.find((e) => e.tag === TAG_ORIENTATION);
  if (orientation && change.orientation !== undefined) writeInline(t, orientation, change.orientation);
  const exifPointer = ifd0.find((e) => e.tag === TAG_EXIF_IFD);
  const exifIfd = exifPointer ? readInline(t, exifPointer) : null;
  if (exifIfd !== null) {
    for (const e of entries(t, exifIfd)) {
      if (e.tag === TAG_PIXEL_X && change.width !== undefined) writeInline(t, e, change.width);
      if (e.tag === TAG_PIXEL_Y && change.height !== undefined) writeInline(t, e, change.height);
    }
  }
  return copy;
}

/**
 * The JPEG with `segment` as its EXIF: any EXIF it had is removed, and the segment goes right
 * after SOI, or after a JFIF APP0 that starts the file (JFIF wants APP0 first; EXIF readers,
 * the server's included, look through all segments before the scan).
 */
export function insertExif(jpeg: Uint8Array, segment: Uint8Array): Uint8Array {
  const all = segments(jpeg);
  if (!all) throw new Error('not a JPEG');
  const old = all.filter((s) => isExif(jpeg, s));
  let at = 2;
  if (all[0]?.marker === APP0 && all[0].start === 2) at = all[0].end;
  const parts: Uint8Array[] = [jpeg.subarray(0, at), segment];
  let pos = at;
  for (const s of old) {
    if (s.start < pos) continue;
    parts.push(jpeg.subarray(pos, s.start));
    pos = s.end;
  }
  parts.push(jpeg.subarray(pos));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * The compressed JPEG with the original's EXIF. `drawn` is the size of the decoded picture the
 * canvas drew (createImageBitmap with imageOrientation 'from-image' turns it upright first) and
 * `written` the canvas's size. When the browser did apply a quarter-turn orientation (5–8: the
 * decoded width is the stored height) the pixels are upright now and the tag must say 1, or a
 * viewer would turn the photo a second time. Flips and half turns (2–4) cannot be told from the
 * size; 'from-image' is supported by every browser the app targets, so we trust it there.
 * A browser that ignored the option (the size shows it for 5–8) keeps the original tag.
 */
export function carryExif(original: Uint8Array, compressed: Uint8Array, drawn: { width: number; height: number }, written: { width: number; height: number }): Uint8Array {
  const segment = readExifSegment(original);
  if (!segment) return compressed;
  const orientation = exifOrientation(segment);
  let upright = true;
  if (orientation !== null && orientation >= 5 && orientation <= 8) {
    const stored = jpegSize(original);
    upright = !stored || (drawn.width === stored.height && drawn.height === stored.width) || stored.width === stored.height;
  }
  const patched = rewriteExif(segment, { orientation: upright ? UPRIGHT : undefined, width: written.width, height: written.height });
  return insertExif(compressed, patched);
}
