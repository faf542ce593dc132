// Types of exif-fixture.mjs for the TypeScript tests that import it.
export interface ExifOptions {
  takenAt?: string;
  offset?: string;
  lat?: [number, number, number];
  lng?: [number, number, number];
  orientation?: number;
  width?: number;
  height?: number;
}
export function exifSegment(options?: ExifOptions): Uint8Array;
export function jpegHeaderOnly(options: { width: number; height: number; exif?: Uint8Array }): Uint8Array;
export function withExif(jpeg: Uint8Array, segment: Uint8Array): Uint8Array;
export function decimal(dms: [number, number, number]): number;
export function jpegFacts(jpeg: Uint8Array): { width: number | null; height: number | null; orientation: number | null };
