import { http } from './http';
import type { LoginResult, MeResult } from './types';

/** Login page. */
export function login(username: string, password: string): Promise<LoginResult> {
  return http.post<LoginResult>('/auth/login', { username, password });
}

/** Header "log out". */
export function logout(): Promise<void> {
  return http.post<void>('/auth/logout');
}

/** Start-up check that the stored session is still valid. */
export function getMe(): Promise<MeResult> {
  return http.get<MeResult>('/me');
}

/** "Change password" dialog: every other session of the user ends; this one stays.
 *  A wrong old password is 422 on "old", a too-short new one 422 on "new". */
export function changePassword(oldPassword: string, newPassword: string): Promise<{ ok: boolean }> {
  return http.post<{ ok: boolean }>('/me/password', { old: oldPassword, new: newPassword });
}

/** "Log out everywhere": every session of the user ends, this one included. */
export function logoutAll(): Promise<void> {
  return http.post<void>('/auth/logout-all');
}
