// A phone photo's EXIF, built byte by byte for the tests (vitest: src/utils/exif.test.ts; the
// browser scenario of evidence photos). Little-endian TIFF like most phones write:
//   IFD0: Orientation (SHORT), ExifIFD pointer, GPS IFD pointer
//   Exif IFD: DateTimeOriginal, OffsetTimeOriginal, PixelXDimension (LONG), PixelYDimension (SHORT)
//   GPS IFD: N/S, latitude (3 RATIONALs), E/W, longitude (3 RATIONALs)

function ascii(text) {
  return [...`${text}\0`].map((c) => c.charCodeAt(0));
}

/**
 * The APP1 segment (FF E1, length, "Exif\0\0", TIFF).
 * @param {{ takenAt?: string, offset?: string, lat?: [number, number, number], lng?: [number, number, number], orientation?: number, width?: number, height?: number }} o
 *   lat/lng as degrees, minutes, seconds×100 (e.g. [30, 7, 2444] = 30° 7' 24.44")
 */
export function exifSegment({ takenAt = '2026:12:05 14:03:27', offset = '+08:00', lat = [30, 7, 2444], lng = [121, 14, 440], orientation = 6, width = 4000, height = 3000 } = {}) {
  const ifd0 = [
    { tag: 0x0112, type: 3, count: 1, inline: orientation },
    { tag: 0x8769, type: 4, count: 1, pointer: 'exif' },
    { tag: 0x8825, type: 4, count: 1, pointer: 'gps' },
  ];
  const exif = [
    { tag: 0x9003, type: 2, bytes: ascii(takenAt) },
    { tag: 0x9011, type: 2, bytes: ascii(offset) },
    { tag: 0xa002, type: 4, count: 1, inline: width },
    { tag: 0xa003, type: 3, count: 1, inline: height },
  ];
  const rationals = ([d, m, s100]) => [d, 1, m, 1, s100, 100];
  const gps = [
    { tag: 0x0001, type: 2, bytes: ascii('N') },
    { tag: 0x0002, type: 5, rationals: rationals(lat) },
    { tag: 0x0003, type: 2, bytes: ascii('E') },
    { tag: 0x0004, type: 5, rationals: rationals(lng) },
  ];
  const ifdSize = (entries) => 2 + 12 * entries.length + 4;
  const exifAt = 8 + ifdSize(ifd0);
  const gpsAt = exifAt + ifdSize(exif);
  let dataAt = gpsAt + ifdSize(gps);
  const tiff = [];
  const u16 = (v) => [v & 0xff, (v >> 8) & 0xff];
  const u32 = (v) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
  const data = [];
  const writeIfd = (entries) => {
    tiff.push(...u16(entries.length));
    for (const e of entries) {
      let payload = e.bytes;
      if (e.rationals) payload = e.rationals.flatMap(u32);
      const count = e.count ?? (e.rationals ? e.rationals.length / 2 : payload.length);
      tiff.push(...u16(e.tag), ...u16(e.type), ...u32(count));
      if (e.pointer) tiff.push(...u32(e.pointer === 'exif' ? exifAt : gpsAt));
      else if (e.inline !== undefined) tiff.push(...(e.type === 3 ? [...u16(e.inline), 0, 0] : u32(e.inline)));
      else if (payload.length <= 4) tiff.push(...payload, ...new Array(4 - payload.length).fill(0));
      else {
        tiff.push(...u32(dataAt));
        data.push(...payload);
        dataAt += payload.length;
      }
    }
    tiff.push(...u32(0)); // no next IFD
  };
  tiff.push(0x49, 0x49, 42, 0, ...u32(8));
  writeIfd(ifd0);
  writeIfd(exif);
  writeIfd(gps);
  tiff.push(...data);
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
}

/** A JPEG's header with a frame of width×height and a token scan: enough for byte-level tests. */
export function jpegHeaderOnly({ width, height, exif }) {
  const sof = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const sos = [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0, 0x12, 0x34, 0xff, 0xd9];
  return Uint8Array.from([0xff, 0xd8, ...(exif ?? []), ...sof, ...sos]);
}

/** `jpeg` (a real picture from a canvas, starting FF D8) with `segment` right after SOI, as a camera writes it. */
export function withExif(jpeg, segment) {
  const out = new Uint8Array(jpeg.length + segment.length);
  out.set(jpeg.subarray(0, 2), 0);
  out.set(segment, 2);
  out.set(jpeg.subarray(2), 2 + segment.length);
  return out;
}

/** 30° 7' 24.44" → 30.12345…; what the server answers as lat/lng. */
export function decimal([d, m, s100]) {
  return d + m / 60 + s100 / 100 / 3600;
}

/** What a viewer reads from a JPEG: its frame size and EXIF orientation (null without EXIF). */
export function jpegFacts(jpeg) {
  let pos = 2;
  let orientation = null;
  let width = null;
  let height = null;
  while (pos + 4 <= jpeg.length && jpeg[pos] === 0xff && jpeg[pos + 1] !== 0xda) {
    const marker = jpeg[pos + 1];
    const length = (jpeg[pos + 2] << 8) | jpeg[pos + 3];
    if (marker === 0xc0 || marker === 0xc2) {
      height = (jpeg[pos + 5] << 8) | jpeg[pos + 6];
      width = (jpeg[pos + 7] << 8) | jpeg[pos + 8];
    }
    if (marker === 0xe1 && String.fromCharCode(...jpeg.subarray(pos + 4, pos + 8)) === 'Exif') {
      const t = new DataView(jpeg.buffer, jpeg.byteOffset + pos + 10, length - 8);
      const le = t.getUint16(0) === 0x4949;
      const ifd0 = t.getUint32(4, le);
      for (let i = 0; i < t.getUint16(ifd0, le); i++) {
        const e = ifd0 + 2 + 12 * i;
        if (t.getUint16(e, le) === 0x0112) orientation = t.getUint16(e + 8, le);
      }
    }
    pos += 2 + length;
  }
  return { width, height, orientation };
}
