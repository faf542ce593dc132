import { describe, expect, it } from 'vitest';
import { uploadType } from './imports';

describe('uploadType', () => {
  it('passes on the spreadsheet types the server takes', () => {
    expect(uploadType(new Blob([''], { type: 'text/csv' }))).toBe('text/csv');
    expect(uploadType(new Blob([''], { type: 'application/vnd.ms-excel' }))).toBe('application/vnd.ms-excel');
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expect(uploadType(new Blob([''], { type: xlsx }))).toBe(xlsx);
  });

  it('sends anything else (no type, an unknown one) as octet-stream, for the server to read the content', () => {
    expect(uploadType(new Blob(['a,b']))).toBe('application/octet-stream');
    expect(uploadType(new Blob([''], { type: 'application/x-unknown' }))).toBe('application/octet-stream');
  });
});
