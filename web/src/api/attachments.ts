import { http, API_BASE } from './http';
import type { Attachment } from './types';

/** Photos and PDFs: the raw file as the body. */
export function uploadAttachment(file: Blob, idempotencyKey?: string): Promise<Attachment> {
  return http.request<Attachment>('/attachments', {
    method: 'POST',
    raw: file,
    contentType: file.type || 'application/octet-stream',
    idempotencyKey,
  });
}

/** For <img src>: the server accepts its HttpOnly session cookie there. */
export function attachmentUrl(id: number): string {
  return `${API_BASE}/attachments/${id}`;
}

/** What the server read from a file: size, hash, and the EXIF time taken and GPS (`/meta`). */
export function getAttachmentMeta(id: number): Promise<Attachment> {
  return http.get<Attachment>(`/attachments/${id}/meta`);
}

/** The citizen's photo (no login): the raw file → {"id"}, then `attachments: [id]` in the report. */
export function uploadPublicAttachment(file: Blob, idempotencyKey?: string): Promise<{ id: number }> {
  return http.request<{ id: number }>('/public/attachments', {
    method: 'POST',
    raw: file,
    contentType: file.type || 'application/octet-stream',
    idempotencyKey,
  });
}
