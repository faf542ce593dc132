// The session. Its secret is the server's HttpOnly cookie, which script cannot read: the
// token of the login answer is not kept anywhere. What localStorage keeps is who the user is
// (not a secret), so a phone that lost signal still shows its pages and its offline queue; GET
// /me decides, once per page load, whether the session is still alive.
//
// A 401 in the middle of work (a phone back online after its session ended) does not throw the
// user out: `expired` asks the layout's re-login dialog for the password again, the page and the
// offline queue stay, and the queue is sent after the login (stores/offline.ts).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth';
import type { Role, User } from '@/api/types';
import { isApiError } from '@/api/errors';
import { rememberCsrfToken } from '@/api/http';
import { stopLiveEvents } from '@/composables/use-live-events';

export const SESSION_KEY = 'safegrid.session';

interface Stored {
  user: User;
}

function readStored(): User | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Stored> & { token?: unknown };
    if (!parsed || typeof parsed !== 'object' || !parsed.user) return null;
    // A session saved by an older build carried the token: drop it from storage now.
    if ('token' in parsed) localStorage.setItem(SESSION_KEY, JSON.stringify({ user: parsed.user }));
    return parsed.user;
  } catch {
    return null;
  }
}

/** GET /me's answer without the CSRF token, which stays in memory (api/http.ts). */
function withoutCsrf(me: User & { csrf_token?: string }): User {
  const { csrf_token: _csrf, ...user } = me;
  return user;
}

export const useUserStore = defineStore('user', () => {
  const user = ref<User | null>(readStored());
  /** GET /me answered during this page load (or the server could not be reached). */
  const verified = ref(false);
  /** The server ended the session while the user was working: ask for the password again. */
  const expired = ref(false);
  /** Who was logged in before GET /me said 401 at start: the login page fills it in, since the
   *  offline queue waits for that user. Memory only. */
  const lastUsername = ref('');

  const isLoggedIn = computed(() => !!user.value);
  const role = computed<Role | null>(() => user.value?.role ?? null);

  function save(): void {
    try {
      if (user.value) localStorage.setItem(SESSION_KEY, JSON.stringify({ user: user.value } satisfies Stored));
      else localStorage.removeItem(SESSION_KEY);
    } catch {
      // storage unavailable: the user is known for this page load only
    }
  }

  async function login(username: string, password: string): Promise<User> {
    const result = await authApi.login(username, password);
    rememberCsrfToken(result.csrf_token);
    user.value = result.user;
    verified.value = true;
    expired.value = false;
    save();
    return result.user;
  }

  /** The re-login dialog: the same user again, so the offline queue (kept per user) still belongs. */
  async function relogin(password: string): Promise<User> {
    const username = user.value?.username;
    if (!username) throw new Error('relogin without a user');
    return login(username, password);
  }

  /** Called on a 401 from any request but login and /me (main.ts). */
  function expire(): void {
    if (user.value) expired.value = true;
  }

  /** Ends the session locally; tells the server too unless it already said we are logged out. */
  async function logout(options: { remote?: boolean } = {}): Promise<void> {
    if (options.remote !== false && user.value && !expired.value) {
      try {
        await authApi.logout();
      } catch {
        // offline or already expired: the local session ends anyway
      }
    }
    rememberCsrfToken(null);
    stopLiveEvents(); // the live stream is the session's: the next user opens their own
    user.value = null;
    verified.value = false;
    expired.value = false;
    save();
  }

  /** Once per page load: ask the server whether the cookie is a session, and who it is. A 401
   *  logs out; no answer keeps the stored user, so the inspector's phone works offline. */
  async function verify(): Promise<void> {
    if (verified.value) return;
    try {
      const me = await authApi.getMe();
      rememberCsrfToken(me.csrf_token);
      user.value = withoutCsrf(me);
      expired.value = false;
      save();
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        lastUsername.value = user.value?.username ?? '';
        await logout({ remote: false });
        return;
      }
    }
    verified.value = true;
  }

  function hasRole(roles?: readonly Role[]): boolean {
    if (!roles || roles.length === 0) return true;
    const current = role.value;
    return !!current && roles.includes(current);
  }

  return { user, verified, expired, lastUsername, isLoggedIn, role, login, relogin, expire, logout, verify, hasRole };
});
