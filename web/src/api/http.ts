// The app's single ApiClient. main.ts wires the session and preference stores in through
// configureHttp(), so this module depends on no store and is cheap for the citizen pages.
import { ApiClient, acceptLanguage, bearerToken, idempotencyKey, onUnauthorized } from './client';
import { uuid } from '@/utils/uuid';

interface Hooks {
  getToken: () => string | null;
  getLocale: () => string;
  onUnauthorized: () => void;
}

const hooks: Hooks = {
  getToken: () => null,
  getLocale: () => 'zh-CN',
  onUnauthorized: () => undefined,
};

export const API_BASE = '/api/v1';

export const http = new ApiClient({
  baseUrl: API_BASE,
  requestInterceptors: [
    bearerToken(() => hooks.getToken()),
    acceptLanguage(() => hooks.getLocale()),
    idempotencyKey(uuid),
  ],
  // A wrong password is a 401 too, public pages have no session to end, and the start-up
  // check of GET /me handles its own 401 (stores/user.ts verify()).
  errorInterceptors: [onUnauthorized(() => hooks.onUnauthorized(), [/^\/auth\/login$/, /^\/public\//, /^\/me$/])],
});

export function configureHttp(next: Partial<Hooks>): void {
  Object.assign(hooks, next);
}
