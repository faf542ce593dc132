// Phone photos are often 4–8 MB; inspectors upload over poor signal and the server takes 10 MiB
// at most. Large JPEG/PNG/WebP photos are scaled to 1600 px on the long side as JPEG; anything
// that cannot be decoded is sent as it is (the server then judges it).
//
// Evidence: a canvas writes no EXIF, so the re-encoded photo would lose the time it was taken
// and where — what makes a before/after photo evidence. Two ways keep them: upload the original
// (4–8 MB each, over 2G, often several per hazard), or copy the original's EXIF segment into the
// small JPEG (utils/exif.ts). We copy: the time, the GPS and the camera stay byte for byte, and
// the upload stays ~10× smaller. Orientation: the bitmap is decoded upright ('from-image'), so
// the copied tag is set to 1 (see carryExif). Only when the copy cannot be made is the original
// sent instead, if the server takes its size; past that it goes compressed without EXIF.
import { carryExif, readExifSegment } from './exif';

const MAX_SIDE = 1600;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];
const COMPRESS_FROM = 400 * 1024;
/** The server's upload limit (kMaxAttachmentBytes). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export async function compressImage(file: Blob): Promise<Blob> {
  if (!ACCEPTED.includes(file.type) || file.size < COMPRESS_FROM || typeof createImageBitmap !== 'function') return file;
  let original: Uint8Array | null = null;
  let hasExif = false;
  let blob: Blob | null = null;
  try {
    if (file.type === 'image/jpeg') {
      original = await bytesOf(file);
      hasExif = readExifSegment(original) !== null;
    }
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const drawn = { width: bitmap.width, height: bitmap.height };
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext('2d');
    if (!context) return file;
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
    if (!blob || blob.size >= file.size) return file;
    if (!original || !hasExif) return blob;
    const kept = carryExif(original, await bytesOf(blob), drawn, { width: canvas.width, height: canvas.height });
    return new Blob([kept as BlobPart], { type: 'image/jpeg' });
  } catch {
    // The EXIF could not be carried over (or the photo not decoded): keep the evidence whole
    // when the server takes it; a photo too big for the server goes small without its EXIF.
    if (hasExif && file.size > MAX_UPLOAD_BYTES && blob) return blob;
    return file;
  }
}
