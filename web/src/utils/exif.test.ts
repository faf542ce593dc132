import { afterEach, describe, expect, it, vi } from 'vitest';
import { decimal, exifSegment, jpegHeaderOnly } from '../../e2e/exif-fixture.mjs';
import { carryExif, exifOrientation, insertExif, jpegSize, readExifSegment, rewriteExif } from './exif';
import { compressImage } from './image';

// An EXIF reader of its own (not exif.ts): what a court's tool or the server would read back.
function readFacts(jpeg: Uint8Array) {
  let pos = 2;
  while (pos + 4 < jpeg.length && !(jpeg[pos + 1] === 0xe1 && String.fromCharCode(...jpeg.subarray(pos + 4, pos + 8)) === 'Exif')) {
    pos += 2 + ((jpeg[pos + 2] << 8) | jpeg[pos + 3]);
  }
  if (pos + 4 >= jpeg.length) return null;
  const t = new DataView(jpeg.buffer, jpeg.byteOffset + pos + 10);
  const le = t.getUint16(0) === 0x4949;
  const ifd = (at: number) => {
    const out = new Map<number, { type: number; count: number; at: number }>();
    for (let i = 0; i < t.getUint16(at, le); i++) {
      const e = at + 2 + 12 * i;
      out.set(t.getUint16(e, le), { type: t.getUint16(e + 2, le), count: t.getUint32(e + 4, le), at: e + 8 });
    }
    return out;
  };
  const num = (e?: { type: number; at: number }) => (!e ? null : e.type === 3 ? t.getUint16(e.at, le) : t.getUint32(e.at, le));
  const text = (e: { count: number; at: number }) => {
    const at = e.count > 4 ? t.getUint32(e.at, le) : e.at;
    return String.fromCharCode(...new Uint8Array(t.buffer, t.byteOffset + at, e.count - 1));
  };
  const dms = (e: { at: number }) => {
    const at = t.getUint32(e.at, le);
    const r = (i: number) => t.getUint32(at + 8 * i, le) / t.getUint32(at + 8 * i + 4, le);
    return r(0) + r(1) / 60 + r(2) / 3600;
  };
  const zero = ifd(t.getUint32(4, le));
  const exif = ifd(num(zero.get(0x8769))!);
  const gps = ifd(num(zero.get(0x8825))!);
  return {
    orientation: num(zero.get(0x0112)),
    takenAt: text(exif.get(0x9003)!),
    offset: text(exif.get(0x9011)!),
    width: num(exif.get(0xa002)),
    height: num(exif.get(0xa003)),
    lat: (text(gps.get(1)!) === 'S' ? -1 : 1) * dms(gps.get(2)!),
    lng: (text(gps.get(3)!) === 'W' ? -1 : 1) * dms(gps.get(4)!),
  };
}

// What a canvas writes: SOI, JFIF APP0, frame, scan; no EXIF.
function canvasJpeg(width: number, height: number): Uint8Array {
  const jfif = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const bare = jpegHeaderOnly({ width, height });
  return Uint8Array.from([0xff, 0xd8, ...jfif, ...bare.subarray(2)]);
}

const PHONE_PHOTO = { width: 4000, height: 3000 }; // stored sideways, orientation 6 (turn right)

describe('EXIF segment', () => {
  const original = jpegHeaderOnly({ ...PHONE_PHOTO, exif: exifSegment() });

  it('is found in a phone JPEG and not in a canvas JPEG', () => {
    expect(readExifSegment(original)).toEqual(exifSegment());
    expect(readExifSegment(canvasJpeg(1600, 1200))).toBeNull();
    expect(readExifSegment(Uint8Array.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(jpegSize(original)).toEqual(PHONE_PHOTO);
    expect(exifOrientation(exifSegment({ orientation: 3 }))).toBe(3);
  });

  it('ignores a truncated or malformed segment instead of throwing', () => {
    const cut = original.slice(0, 40);
    expect(readExifSegment(cut)).toBeNull();
    const bad = original.slice();
    bad[2 + 10] = 0x41; // byte order "AI"
    expect(readExifSegment(bad)).toBeNull();
  });

  it('is copied into the compressed JPEG with time and GPS intact, upright and resized', () => {
    const small = canvasJpeg(1200, 1600);
    // The browser decoded the photo upright: 3000 wide, 4000 high.
    const out = carryExif(original, small, { width: 3000, height: 4000 }, { width: 1200, height: 1600 });
    expect(readFacts(small)).toBeNull();
    const facts = readFacts(out)!;
    expect(facts.takenAt).toBe('2026:12:05 14:03:27');
    expect(facts.offset).toBe('+08:00');
    expect(facts.lat).toBeCloseTo(decimal([30, 7, 2444]), 9);
    expect(facts.lng).toBeCloseTo(decimal([121, 14, 440]), 9);
    // already turned by the canvas: a viewer must not turn it again
    expect(facts.orientation).toBe(1);
    expect([facts.width, facts.height]).toEqual([1200, 1600]);
    // JFIF stays first, the picture after it is untouched
    expect(Array.from(out.subarray(0, 4))).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(out.length).toBe(small.length + exifSegment().length);
    expect(Array.from(out.subarray(out.length - 30))).toEqual(Array.from(small.subarray(small.length - 30)));
    expect(jpegSize(out)).toEqual({ width: 1200, height: 1600 });
  });

  it('keeps the orientation when the browser did not turn the pixels', () => {
    const small = canvasJpeg(1600, 1200);
    const out = carryExif(original, small, PHONE_PHOTO, { width: 1600, height: 1200 });
    expect(readFacts(out)!.orientation).toBe(6);
  });

  it('replaces an EXIF the target already has, and leaves a JPEG without EXIF as it is', () => {
    const withOld = jpegHeaderOnly({ width: 10, height: 10, exif: exifSegment({ takenAt: '2020:01:01 00:00:00' }) });
    const out = insertExif(withOld, exifSegment());
    expect(readFacts(out)!.takenAt).toBe('2026:12:05 14:03:27');
    expect(out.length).toBe(withOld.length);
    const plain = canvasJpeg(10, 10);
    expect(carryExif(plain, plain, { width: 10, height: 10 }, { width: 10, height: 10 })).toBe(plain);
    expect(rewriteExif(exifSegment(), {})).toEqual(exifSegment());
  });
});

describe('compressImage keeps the evidence', () => {
  afterEach(() => vi.unstubAllGlobals());

  function fakeCanvas(output: Uint8Array | null) {
    const canvas = {
      width: 0,
      height: 0,
      getContext: () => ({ drawImage: () => undefined }),
      toBlob: (done: (b: Blob | null) => void) => done(output && new Blob([output as BlobPart], { type: 'image/jpeg' })),
    };
    const create = document.createElement.bind(document);
    vi.spyOn(document, 'createElement').mockImplementation(((tag: string) => (tag === 'canvas' ? canvas : create(tag))) as typeof document.createElement);
    vi.stubGlobal('createImageBitmap', vi.fn(async () => ({ width: 3000, height: 4000, close: () => undefined })));
  }

  it('uploads the small JPEG with the original time and GPS', async () => {
    // a 600 KB phone photo with EXIF: big enough to be compressed
    const head = jpegHeaderOnly({ ...PHONE_PHOTO, exif: exifSegment() });
    const big = new Uint8Array(600 * 1024);
    big.set(head.subarray(0, head.length - 2));
    big.set([0xff, 0xd9], big.length - 2);
    fakeCanvas(canvasJpeg(1200, 1600));
    const out = await compressImage(new Blob([big as BlobPart], { type: 'image/jpeg' }));
    const bytes = new Uint8Array(await out.arrayBuffer());
    expect(out.size).toBeLessThan(big.length);
    expect(out.type).toBe('image/jpeg');
    const facts = readFacts(bytes)!;
    expect([facts.takenAt, facts.orientation]).toEqual(['2026:12:05 14:03:27', 1]);
    expect(facts.lat).toBeCloseTo(decimal([30, 7, 2444]), 9);
    expect(createImageBitmap).toHaveBeenCalledWith(expect.anything(), { imageOrientation: 'from-image' });
  });

  it('sends the original (under the server limit) when the EXIF cannot be carried over', async () => {
    const head = jpegHeaderOnly({ ...PHONE_PHOTO, exif: exifSegment() });
    const big = new Uint8Array(500 * 1024);
    big.set(head.subarray(0, head.length - 2));
    fakeCanvas(Uint8Array.from([1, 2, 3])); // not a JPEG: the copy fails
    const file = new Blob([big as BlobPart], { type: 'image/jpeg' });
    expect(await compressImage(file)).toBe(file);
  });
});
