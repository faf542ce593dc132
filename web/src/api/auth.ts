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
