// The account calls of issue 10: password change, logout everywhere, disable/enable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changePassword, logoutAll } from './auth';
import { setUserDisabled } from './users';
import { ApiRequestError } from './errors';

function reply(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function stubFetch(...answers: Response[]) {
  const fetchMock = vi.fn(async () => answers.shift() ?? reply(500, {}));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function call(mock: ReturnType<typeof stubFetch>, n = 0): { url: string; init: RequestInit } {
  const [url, init] = mock.mock.calls[n] as unknown as [string, RequestInit];
  return { url: String(url), init };
}

afterEach(() => vi.unstubAllGlobals());

describe('changePassword', () => {
  it('POSTs {old, new} to /me/password', async () => {
    const fetchMock = stubFetch(reply(200, { ok: true }));
    await expect(changePassword('old-pass-1', 'new-pass-22')).resolves.toEqual({ ok: true });
    const { url, init } = call(fetchMock);
    expect(url).toBe('/api/v1/me/password');
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toEqual({ old: 'old-pass-1', new: 'new-pass-22' });
  });

  it("rejects with the server's field errors", async () => {
    stubFetch(reply(422, { error: { code: 'validation_failed', message: '输入有误', fields: { old: '当前密码不正确' } } }));
    const error = await changePassword('x', 'new-pass-22').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).status).toBe(422);
    expect((error as ApiRequestError).fields).toEqual({ old: '当前密码不正确' });
  });
});

describe('logoutAll', () => {
  it('POSTs /auth/logout-all and accepts the empty 204', async () => {
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    await expect(logoutAll()).resolves.toBeUndefined();
    const { url, init } = call(fetchMock);
    expect(url).toBe('/api/v1/auth/logout-all');
    expect(init.method).toBe('POST');
  });
});

describe('setUserDisabled', () => {
  it('PATCHes {disabled} with If-Match: the version shown', async () => {
    const fetchMock = stubFetch(reply(200, { id: 7, username: 'v1', role: 'village', disabled: true, version: 4 }));
    const user = await setUserDisabled(7, true, 3);
    expect(user.disabled).toBe(true);
    const { url, init } = call(fetchMock);
    expect(url).toBe('/api/v1/users/7');
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toEqual({ disabled: true });
    expect(new Headers(init.headers).get('If-Match')).toBe('3');
  });

  it('rejects a stale version with 409', async () => {
    stubFetch(reply(409, { error: { code: 'version_conflict', message: '已被他人修改' } }));
    const error = await setUserDisabled(7, false, 1).catch((e: unknown) => e);
    expect((error as ApiRequestError).status).toBe(409);
  });
});
