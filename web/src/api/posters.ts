import { http } from './http';
import type { PublicPlace } from './types';

/** A village's (grid's) or an enterprise's QR poster as PDF, for a link (the session cookie authorises it). */
export function posterUrl(kind: 'regions' | 'enterprises', id: number): string {
  return http.url(`/${kind}/${id}/poster.pdf`);
}

/** Citizen report form opened from a poster (no login): the place its code names. */
export function getPublicPlace(code: string): Promise<PublicPlace> {
  return http.get<PublicPlace>(`/public/places/${encodeURIComponent(code)}`);
}
