// The app's single ApiClient. main.ts wires the session and preference stores in through
// configureHttp(), so this module depends on no store and is cheap for the citizen pages.
//
// The session is the server's HttpOnly cookie `sg_session` (script cannot read it, so injected
// script cannot steal it); the client sends no Authorization header. Requests that change
// something carry `X-CSRF-Token`: the `sg_csrf` cookie's value, or the one the last login / GET
// /me answered (docs/security.md, "Web app").
import { ApiClient, acceptLanguage, csrfToken, idempotencyKey, onUnauthorized, readCookie } from './client';
import { uuid } from '@/utils/uuid';

interface Hooks {
  getLocale: () => string;
  onUnauthorized: () => void;
}

const hooks: Hooks = {
  getLocale: () => 'zh-CN',
  onUnauthorized: () => undefined,
};

export const API_BASE = '/api/v1';
export const CSRF_COOKIE = 'sg_csrf';

let rememberedCsrf: string | null = null;

/** Login and GET /me answer the session's CSRF token; it is kept in memory only. */
export function rememberCsrfToken(token: string | null | undefined): void {
  rememberedCsrf = token || null;
}

/** The cookie first: another tab may have logged in again since this one last heard. */
export function currentCsrfToken(): string | null {
  return readCookie(CSRF_COOKIE) ?? rememberedCsrf;
}

/** A write refused for its CSRF token (a session renewed elsewhere, a cookie lost): GET /me
 *  answers the current one, so the next try (the offline queue's, or the user's) passes. */
async function refreshCsrfToken(): Promise<void> {
  try {
    const me = await http.get<{ csrf_token?: string }>('/me');
    if (me?.csrf_token) rememberCsrfToken(me.csrf_token);
  } catch {
    // offline or logged out: the 401 path asks for the password
  }
}

export const http = new ApiClient({
  baseUrl: API_BASE,
  requestInterceptors: [csrfToken(currentCsrfToken), acceptLanguage(() => hooks.getLocale()), idempotencyKey(uuid)],
  // A wrong password is a 401 too, public pages have no session to end, and the start-up
  // check of GET /me handles its own 401 (stores/user.ts verify()).
  errorInterceptors: [
    onUnauthorized(() => hooks.onUnauthorized(), [/^\/auth\/login$/, /^\/public\//, /^\/me$/]),
    (error) => {
      if (error.status === 403 && error.code === 'csrf_failed') void refreshCsrfToken();
    },
  ],
});

export function configureHttp(next: Partial<Hooks>): void {
  Object.assign(hooks, next);
}
