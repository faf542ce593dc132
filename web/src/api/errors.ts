// The one error shape the app deals with, whatever went wrong: the server's contract body
// ({"error": {"code","message","fields"}}), a proxy's HTML page, or no answer at all.
// `message` is the server's text in the user's language (it honours Accept-Language);
// it is empty when the server said nothing usable, and the UI then falls back to i18n by code.

export interface ApiError {
  status: number; // HTTP status; 0 when no response arrived
  code: string; // server code ("invalid_transition") or a client one (network_error, http_502, bad_response)
  message: string;
  fields: Record<string, string>;
  /** Further documented members of the error object, e.g. a stale edit's `current` and `last_change`. */
  extra?: Record<string, unknown>;
}

export class ApiRequestError extends Error implements ApiError {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly extra?: Record<string, unknown>;

  constructor(error: ApiError) {
    super(error.message || error.code);
    this.name = 'ApiRequestError';
    this.status = error.status;
    this.code = error.code;
    this.message = error.message;
    this.fields = error.fields;
    if (error.extra) this.extra = error.extra;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a non-2xx response body (already read as text) into an ApiError. */
export function normalizeErrorBody(status: number, bodyText: string): ApiError {
  let parsed: unknown;
  try {
    parsed = bodyText ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  if (!error) return { status, code: `http_${status}`, message: '', fields: {} };
  const fields: Record<string, string> = {};
  if (isRecord(error.fields)) {
    for (const [name, why] of Object.entries(error.fields)) {
      if (typeof why === 'string') fields[name] = why;
      else if (why !== null && why !== undefined) fields[name] = String(why);
    }
  }
  const normalized: ApiError = {
    status,
    code: typeof error.code === 'string' && error.code ? error.code : `http_${status}`,
    message: typeof error.message === 'string' ? error.message : '',
    fields,
  };
  const extra = Object.fromEntries(Object.entries(error).filter(([key]) => !['code', 'message', 'fields'].includes(key)));
  if (Object.keys(extra).length > 0) normalized.extra = extra;
  return normalized;
}

/** Anything thrown (fetch TypeError, abort, our own error) → ApiError. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ApiRequestError) return thrown;
  if (thrown instanceof DOMException && thrown.name === 'AbortError') {
    return { status: 0, code: 'aborted', message: '', fields: {} };
  }
  if (thrown instanceof DOMException && thrown.name === 'TimeoutError') {
    return { status: 0, code: 'timeout', message: '', fields: {} };
  }
  return { status: 0, code: 'network_error', message: '', fields: {} };
}

export function isApiError(value: unknown): value is ApiError {
  return isRecord(value) && typeof value.status === 'number' && typeof value.code === 'string';
}

/** True when the request may succeed later unchanged (offline, server busy or restarting). */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status === 429 || error.status === 502 || error.status === 503 || error.status === 504 || error.status === 500;
}
