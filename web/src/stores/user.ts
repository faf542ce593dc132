// The session. The token is kept in localStorage (so a phone that lost signal stays logged in
// and the API client can send `Authorization: Bearer`); the server also sets an HttpOnly cookie,
// which is what <img src="/api/v1/attachments/…"> and PDF links use.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as authApi from '@/api/auth';
import type { Role, User } from '@/api/types';
import { isApiError } from '@/api/errors';

export const SESSION_KEY = 'safegrid.session';

interface Stored {
  token: string;
  user: User;
}

function readStored(): Stored | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Stored;
    return parsed && typeof parsed.token === 'string' && parsed.user ? parsed : null;
  } catch {
    return null;
  }
}

export const useUserStore = defineStore('user', () => {
  const stored = readStored();
  const token = ref<string | null>(stored?.token ?? null);
  const user = ref<User | null>(stored?.user ?? null);
  /** GET /me answered during this page load (or the server could not be reached). */
  const verified = ref(false);

  const isLoggedIn = computed(() => !!token.value && !!user.value);
  const role = computed<Role | null>(() => user.value?.role ?? null);

  function save(): void {
    try {
      if (token.value && user.value) localStorage.setItem(SESSION_KEY, JSON.stringify({ token: token.value, user: user.value }));
      else localStorage.removeItem(SESSION_KEY);
    } catch {
      // storage unavailable: the session lasts for this page
    }
  }

  async function login(username: string, password: string): Promise<User> {
    const result = await authApi.login(username, password);
    token.value = result.token;
    user.value = result.user;
    verified.value = true;
    save();
    return result.user;
  }

  /** Ends the session locally; tells the server too unless it already said we are logged out. */
  async function logout(options: { remote?: boolean } = {}): Promise<void> {
    const hadToken = !!token.value;
    if (options.remote !== false && hadToken) {
      try {
        await authApi.logout();
      } catch {
        // offline or already expired: the local session ends anyway
      }
    }
    token.value = null;
    user.value = null;
    verified.value = false;
    save();
  }

  /** Once per page load: refresh the user from the server. A 401 logs out (via the client);
   *  no answer keeps the stored session, so the inspector's phone works offline. */
  async function verify(): Promise<void> {
    if (verified.value || !token.value) return;
    try {
      user.value = await authApi.getMe();
      save();
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
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

  return { token, user, verified, isLoggedIn, role, login, logout, verify, hasRole };
});
