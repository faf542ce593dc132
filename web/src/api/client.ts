// One HTTP client for the whole app, built from small interceptors (vben's preset-interceptors
// idea, on fetch rather than axios: nothing to download on the citizen's phone).
//   request interceptors  edit the outgoing request (CSRF token, language, idempotency key)
//   error interceptors    see every normalised error once (401 → log out)
// Success answers are parsed JSON (or a Blob for downloads); every failure is thrown as an
// ApiRequestError with {status, code, message, fields}.
import { ApiRequestError, normalizeErrorBody, toApiError, type ApiError } from './errors';
import { fileNameFromDisposition } from '@/utils/download';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** Raw body (attachments): sent as is with `contentType`. */
  raw?: Blob | ArrayBuffer;
  contentType?: string;
  headers?: Record<string, string>;
  /** Reuse a key (offline retries); otherwise POSTs get a fresh one. */
  idempotencyKey?: string;
  responseType?: 'json' | 'blob';
  signal?: AbortSignal;
}

export interface OutgoingRequest {
  url: string;
  path: string;
  method: string;
  headers: Headers;
  options: RequestOptions;
}

export type RequestInterceptor = (request: OutgoingRequest) => void;
export type ErrorInterceptor = (error: ApiError, request: OutgoingRequest) => void;

export interface ClientConfig {
  baseUrl: string;
  fetch?: typeof fetch;
  requestInterceptors?: RequestInterceptor[];
  errorInterceptors?: ErrorInterceptor[];
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  let url = baseUrl.replace(/\/$/, '') + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '') continue;
      params.append(key, String(value));
    }
    const text = params.toString();
    if (text) url += (url.includes('?') ? '&' : '?') + text;
  }
  return url;
}

export class ApiClient {
  readonly requestInterceptors: RequestInterceptor[];
  readonly errorInterceptors: ErrorInterceptor[];
  private readonly baseUrl: string;
  private readonly fetchImpl?: typeof fetch;

  constructor(config: ClientConfig) {
    this.baseUrl = config.baseUrl;
    this.fetchImpl = config.fetch;
    this.requestInterceptors = [...(config.requestInterceptors ?? [])];
    this.errorInterceptors = [...(config.errorInterceptors ?? [])];
  }

  url(path: string, query?: Query): string {
    return buildUrl(this.baseUrl, path, query);
  }

  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const headers = new Headers(options.headers);
    headers.set('Accept', 'application/json');
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers.set('Content-Type', options.contentType ?? 'application/octet-stream');
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers.set('Content-Type', 'application/json');
    }
    const outgoing: OutgoingRequest = { url: this.url(path, options.query), path, method, headers, options };
    for (const intercept of this.requestInterceptors) intercept(outgoing);

    let response: Response;
    try {
      // Resolved at call time so tests (and the offline queue) can swap the global fetch.
      const doFetch = this.fetchImpl ?? globalThis.fetch.bind(globalThis);
      response = await doFetch(outgoing.url, {
        method,
        headers: outgoing.headers,
        body,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (thrown) {
      throw this.fail(toApiError(thrown), outgoing);
    }

    if (!response.ok) {
      let text = '';
      try {
        text = await response.text();
      } catch {
        text = '';
      }
      throw this.fail(normalizeErrorBody(response.status, text), outgoing);
    }
    if (options.responseType === 'blob') {
      // A File when the server names it (Content-Disposition), so a download keeps the server's name.
      const blob = await response.blob();
      const name = fileNameFromDisposition(response.headers.get('Content-Disposition'));
      return (name ? new File([blob], name, { type: blob.type }) : blob) as T;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw this.fail({ status: response.status, code: 'bad_response', message: '', fields: {} }, outgoing);
    }
  }

  get<T>(path: string, query?: Query, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'GET', query });
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PUT', body });
  }

  patch<T>(path: string, body: unknown, version: number, options: RequestOptions = {}): Promise<T> {
    return this.request<T>(path, {
      ...options,
      method: 'PATCH',
      body,
      headers: { ...options.headers, 'If-Match': String(version) },
    });
  }

  private fail(error: ApiError, request: OutgoingRequest): ApiRequestError {
    for (const intercept of this.errorInterceptors) {
      try {
        intercept(error, request);
      } catch {
        // an interceptor's own failure must not hide the original error
      }
    }
    return new ApiRequestError(error);
  }
}

// ---- preset interceptors -------------------------------------------------------------

/** Methods that change nothing: the server asks no CSRF token for them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One cookie's value from `document.cookie` (or the given cookie string), or null. */
export function readCookie(name: string, cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | null {
  for (const pair of cookies.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return pair.slice(at + 1).trim();
    }
  }
  return null;
}

/** The session rides in an HttpOnly cookie the page cannot read; a request that changes
 *  something proves it comes from this app by echoing the CSRF token (double submit): a page of
 *  another site can make the browser send the cookie, but cannot read the token. */
export function csrfToken(getToken: () => string | null | undefined): RequestInterceptor {
  return (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const token = getToken();
    if (token) request.headers.set('X-CSRF-Token', token);
  };
}

/** The contract knows `zh-CN` (default) and `en`. */
export function acceptLanguage(getLocale: () => string): RequestInterceptor {
  return (request) => {
    request.headers.set('Accept-Language', getLocale().toLowerCase().startsWith('en') ? 'en' : 'zh-CN');
  };
}

export function idempotencyKey(newKey: () => string): RequestInterceptor {
  return (request) => {
    if (request.method !== 'POST') return;
    request.headers.set('Idempotency-Key', request.options.idempotencyKey ?? newKey());
  };
}

/** 401 outside the allow-list (login itself, public pages) → the session is over. */
export function onUnauthorized(handler: () => void, allow: RegExp[] = []): ErrorInterceptor {
  return (error, request) => {
    if (error.status !== 401) return;
    if (allow.some((pattern) => pattern.test(request.path))) return;
    handler();
  };
}
