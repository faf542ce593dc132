// What the user reads for an error: the server's own message (already in the user's language,
// chosen by Accept-Language), else our text for the code, else for the HTTP status.
import { i18n } from '@/i18n';
import { isApiError, toApiError, type ApiError } from '@/api/errors';

export function errorText(error: unknown): string {
  const e: ApiError = isApiError(error) ? error : toApiError(error);
  const { t, te } = i18n.global;
  if (e.message) return e.message;
  if (te(`errors.${e.code}`)) return t(`errors.${e.code}`);
  if (te(`errors.s${e.status}`)) return t(`errors.s${e.status}`);
  return t('errors.unknown', { status: e.status });
}

/** Field errors of a 422 (and the like), to show at the field. */
export function fieldErrors(error: unknown): Record<string, string> {
  return isApiError(error) ? { ...error.fields } : {};
}
