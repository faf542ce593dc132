import { http } from './http';
import type { NewUser, Page, Query, UserAccount } from './types';

export interface UserQuery extends Query {
  q?: string;
  role?: string;
  region_id?: number;
  page?: number;
  page_size?: number;
}

/** User management (admin, town): the accounts the caller may see. */
export function listUsers(query: UserQuery = {}): Promise<Page<UserAccount>> {
  return http.get<Page<UserAccount>>('/users', query);
}

/** User management: a new account (422 with field errors, 409 username_taken). */
export function createUser(body: NewUser, idempotencyKey?: string): Promise<UserAccount> {
  return http.post<UserAccount>('/users', body, { idempotencyKey });
}

/** User management: disable (ends every session of the user at once) or enable an account.
 *  `version` is the one the page showed (If-Match); 409 when someone changed it meanwhile. */
export function setUserDisabled(id: number, disabled: boolean, version: number): Promise<UserAccount> {
  return http.patch<UserAccount>(`/users/${id}`, { disabled }, version);
}
