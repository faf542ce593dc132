import { describe, expect, it, vi } from 'vitest';
import { ApiClient, acceptLanguage, buildUrl, csrfToken, idempotencyKey, onUnauthorized, readCookie } from './client';
import { ApiRequestError, normalizeErrorBody, toApiError } from './errors';

function reply(status: number, body: unknown, type = 'application/json') {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

function client(fetchImpl: typeof fetch, extra: { csrf?: string; locale?: string; on401?: () => void } = {}) {
  let n = 0;
  return new ApiClient({
    baseUrl: '/api/v1',
    fetch: fetchImpl,
    requestInterceptors: [csrfToken(() => extra.csrf ?? null), acceptLanguage(() => extra.locale ?? 'zh-CN'), idempotencyKey(() => `key-${++n}`)],
    errorInterceptors: [onUnauthorized(extra.on401 ?? (() => undefined), [/^\/auth\/login$/])],
  });
}

async function caught(promise: Promise<unknown>): Promise<ApiRequestError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiRequestError;
  }
  throw new Error('expected a rejection');
}

describe('normalizeErrorBody', () => {
  it('keeps the contract body: code, message and field errors', () => {
    const e = normalizeErrorBody(422, JSON.stringify({ error: { code: 'validation_failed', message: '统一社会信用代码校验位错误', fields: { credit_code: '校验位错误' } } }));
    expect(e).toEqual({ status: 422, code: 'validation_failed', message: '统一社会信用代码校验位错误', fields: { credit_code: '校验位错误' } });
  });

  it('turns a body that is not the contract shape into http_<status> with no message', () => {
    expect(normalizeErrorBody(502, '<html>Bad Gateway</html>')).toEqual({ status: 502, code: 'http_502', message: '', fields: {} });
    expect(normalizeErrorBody(500, '')).toEqual({ status: 500, code: 'http_500', message: '', fields: {} });
    expect(normalizeErrorBody(404, JSON.stringify({ detail: 'x' }))).toEqual({ status: 404, code: 'http_404', message: '', fields: {} });
  });

  it('tolerates odd field values and a missing code', () => {
    const e = normalizeErrorBody(409, JSON.stringify({ error: { message: 'stale', fields: { version: 3, x: null } } }));
    expect(e).toEqual({ status: 409, code: 'http_409', message: 'stale', fields: { version: '3' } });
  });

  it('maps thrown values: network failure, abort, timeout', () => {
    expect(toApiError(new TypeError('Failed to fetch')).code).toBe('network_error');
    expect(toApiError(new DOMException('x', 'AbortError')).code).toBe('aborted');
    expect(toApiError(new DOMException('x', 'TimeoutError')).code).toBe('timeout');
    expect(toApiError(new TypeError('x')).status).toBe(0);
  });
});

describe('ApiClient', () => {
  it('sends the language and JSON with the session cookie, no token, and parses the answer', async () => {
    const fetchMock = vi.fn(async () => reply(200, { items: [], total: 0, page: 1, page_size: 20 }));
    const api = client(fetchMock as unknown as typeof fetch, { csrf: 'c1', locale: 'en-US' });
    const page = await api.get<{ total: number }>('/hazards', { status: 'rectifying', overdue: true, region_id: undefined, q: '' });
    expect(page.total).toBe(0);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/hazards?status=rectifying&overdue=true');
    const headers = init.headers as Headers;
    expect(headers.has('Authorization')).toBe(false);
    expect(init.credentials).toBe('same-origin');
    // a GET changes nothing: no CSRF token needed
    expect(headers.has('X-CSRF-Token')).toBe(false);
    expect(headers.get('Accept-Language')).toBe('en');
    expect(headers.get('Idempotency-Key')).toBeNull();
  });

  it('sends the CSRF token with every request that changes something', async () => {
    const fetchMock = vi.fn(async () => reply(200, { id: 1 }));
    const api = client(fetchMock as unknown as typeof fetch, { csrf: 'c1' });
    await api.post('/hazards', { title: 'a' });
    await api.patch('/enterprises/1', { name: 'x' }, 2);
    await api.request('/x', { method: 'DELETE' });
    await api.request('/x', { method: 'PUT', body: {} });
    const sent = fetchMock.mock.calls.map((c) => ((c as unknown as [string, RequestInit])[1].headers as Headers).get('X-CSRF-Token'));
    expect(sent).toEqual(['c1', 'c1', 'c1', 'c1']);
    for (const c of fetchMock.mock.calls) expect(((c as unknown as [string, RequestInit])[1].headers as Headers).has('Authorization')).toBe(false);
  });

  it('reads one cookie by name', () => {
    expect(readCookie('sg_csrf', 'a=1; sg_csrf=tok%2Bx; sg_csrf2=no')).toBe('tok+x');
    expect(readCookie('sg_csrf', 'xsg_csrf=1')).toBeNull();
    expect(readCookie('sg_csrf', '')).toBeNull();
  });

  it('defaults the language to zh-CN and sends no Authorization', async () => {
    const fetchMock = vi.fn(async () => reply(200, {}));
    await client(fetchMock as unknown as typeof fetch).get('/me');
    const headers = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1].headers as Headers;
    expect(headers.get('Accept-Language')).toBe('zh-CN');
    expect(headers.has('Authorization')).toBe(false);
  });

  it('gives every POST a fresh Idempotency-Key unless one is passed (offline retries)', async () => {
    const fetchMock = vi.fn(async () => reply(201, { id: 1 }));
    const api = client(fetchMock as unknown as typeof fetch);
    await api.post('/hazards', { title: 'a' });
    await api.post('/hazards', { title: 'b' });
    await api.post('/inspections', {}, { idempotencyKey: 'queued-1' });
    const keys = fetchMock.mock.calls.map((c) => ((c as unknown as [string, RequestInit])[1].headers as Headers).get('Idempotency-Key'));
    expect(keys).toEqual(['key-1', 'key-2', 'queued-1']);
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.body).toBe(JSON.stringify({ title: 'a' }));
    expect((init.headers as Headers).get('Content-Type')).toBe('application/json');
  });

  it('sends PATCH with If-Match', async () => {
    const fetchMock = vi.fn(async () => reply(200, { version: 4 }));
    await client(fetchMock as unknown as typeof fetch).patch('/enterprises/3', { name: 'x' }, 3);
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.method).toBe('PATCH');
    expect((init.headers as Headers).get('If-Match')).toBe('3');
  });

  it('sends PUT with a JSON body (manual scorecard entries)', async () => {
    const fetchMock = vi.fn(async () => reply(200, { points: 5 }));
    const answer = await client(fetchMock as unknown as typeof fetch).put<{ points: number }>('/scorecards/manual', { code: 'VIL-01', points: 5 });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/v1/scorecards/manual');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(String(init.body))).toEqual({ code: 'VIL-01', points: 5 });
    expect(answer.points).toBe(5);
  });

  it('sends raw bodies with their type (attachments)', async () => {
    const fetchMock = vi.fn(async () => reply(201, { id: 9, sha256: 'x', size: 3 }));
    const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    await client(fetchMock as unknown as typeof fetch).request('/attachments', { method: 'POST', raw: blob, contentType: blob.type });
    const init = (fetchMock.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Headers).get('Content-Type')).toBe('image/png');
    expect(init.body).toBe(blob);
  });

  it('throws the normalised error with field errors', async () => {
    const fetchMock = vi.fn(async () => reply(422, { error: { code: 'invalid', message: 'bad', fields: { due_at: 'required' } } }));
    const error = await caught(client(fetchMock as unknown as typeof fetch).post('/hazards', {}));
    expect(error).toBeInstanceOf(ApiRequestError);
    expect({ status: error.status, code: error.code, message: error.message, fields: error.fields }).toEqual({
      status: 422,
      code: 'invalid',
      message: 'bad',
      fields: { due_at: 'required' },
    });
  });

  it('reports a network failure as status 0 / network_error', async () => {
    const fetchMock = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = await caught(client(fetchMock as unknown as typeof fetch).get('/me'));
    expect(error.status).toBe(0);
    expect(error.code).toBe('network_error');
  });

  it('reports a 2xx answer that is not JSON as bad_response', async () => {
    const fetchMock = vi.fn(async () => reply(200, '<html>', 'text/html'));
    expect((await caught(client(fetchMock as unknown as typeof fetch).get('/me'))).code).toBe('bad_response');
  });

  it('calls the 401 handler, except for the login request itself', async () => {
    const on401 = vi.fn();
    const fetchMock = vi.fn(async () => reply(401, { error: { code: 'unauthenticated', message: '请先登录' } }));
    const api = client(fetchMock as unknown as typeof fetch, { on401 });
    await caught(api.post('/auth/login', { username: 'x', password: 'y' }));
    expect(on401).not.toHaveBeenCalled();
    await caught(api.get('/hazards'));
    expect(on401).toHaveBeenCalledTimes(1);
  });

  it('does not call the 401 handler for other statuses', async () => {
    const on401 = vi.fn();
    const fetchMock = vi.fn(async () => reply(403, { error: { code: 'forbidden', message: 'no' } }));
    await caught(client(fetchMock as unknown as typeof fetch, { on401 }).get('/audit'));
    expect(on401).not.toHaveBeenCalled();
  });

  it('returns a Blob for downloads and undefined for 204', async () => {
    const fetchMock = vi.fn(async () => new Response('PK', { status: 200 }));
    const blob = await client(fetchMock as unknown as typeof fetch).get<Blob>('/hazards/export.xlsx', {}, { responseType: 'blob' });
    expect(await blob.text()).toBe('PK');
    const empty = vi.fn(async () => new Response(null, { status: 204 }));
    expect(await client(empty as unknown as typeof fetch).post('/auth/logout')).toBeUndefined();
  });

  it('names a download as the server did (Content-Disposition filename*)', async () => {
    const disposition = "attachment; filename=\"hazards-2026-12-06.xlsx\"; filename*=UTF-8''%E9%9A%90%E6%82%A3%E6%B8%85%E5%8D%95-2026-12-06.xlsx";
    const fetchMock = vi.fn(async () => new Response('PK', { status: 200, headers: { 'Content-Disposition': disposition } }));
    const blob = await client(fetchMock as unknown as typeof fetch).get<Blob>('/hazards/export.xlsx', {}, { responseType: 'blob' });
    expect(blob).toBeInstanceOf(File);
    expect((blob as File).name).toBe('隐患清单-2026-12-06.xlsx');
    expect(await blob.text()).toBe('PK');
  });

  it('builds URLs with encoded queries', () => {
    expect(buildUrl('/api/v1/', '/enterprises', { q: '服装 厂&1', page: 2 })).toBe('/api/v1/enterprises?q=%E6%9C%8D%E8%A3%85+%E5%8E%82%261&page=2');
  });
});
