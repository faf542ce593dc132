// PATCH /hazards/{id} (issue 12, point 4): the version shown goes as If-Match; a 409 reaches the form.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { editHazard } from './hazard-edit';
import { getPublicReportReply } from './public-reports';
import { ApiRequestError } from './errors';

function reply(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
afterEach(() => vi.unstubAllGlobals());

describe('editHazard', () => {
  it('PATCHes only the fields given, with If-Match: the version shown', async () => {
    const fetchMock = vi.fn(async () => reply(200, { id: 5, title: '新标题', version: 4, attachments: [] }));
    vi.stubGlobal('fetch', fetchMock);
    const updated = await editHazard(5, { title: '新标题' }, 3);
    expect(updated.version).toBe(4);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(String(url)).toBe('/api/v1/hazards/5');
    expect(init.method).toBe('PATCH');
    expect(new Headers(init.headers).get('If-Match')).toBe('3');
    expect(JSON.parse(String(init.body))).toEqual({ title: '新标题' });
  });

  it('rejects with the 409 when someone else changed the hazard', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => reply(409, { error: { code: 'version_conflict', message: '已被他人修改', fields: {} } })));
    const error = await editHazard(5, { title: 'x' }, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).status).toBe(409);
  });
});

describe('getPublicReportReply', () => {
  it('asks /public/reports/{code}/reply', async () => {
    const fetchMock = vi.fn(async () => reply(200, { status: 'closed', reason: '已整改', updated_at: '2026-12-06T02:00:00Z' }));
    vi.stubGlobal('fetch', fetchMock);
    expect((await getPublicReportReply('ABC DEF')).reason).toBe('已整改');
    expect(String((fetchMock.mock.calls[0] as unknown as [string])[0])).toBe('/api/v1/public/reports/ABC%20DEF/reply');
  });
});
