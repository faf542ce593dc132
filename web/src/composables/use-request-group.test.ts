import { describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import type { ApiError } from '@/api/errors';
import { useRequestGroup } from './use-request-group';

const fail = (status: number): ApiError => ({ status, code: `http_${status}`, message: '', fields: {} });

describe('one error state for a group of requests', () => {
  it('shows the first failure and retries only the failed requests', () => {
    const a = { error: ref<ApiError | null>(null), retry: vi.fn() };
    const b = { error: ref<ApiError | null>(fail(500)), retry: vi.fn() };
    const c = { error: ref<ApiError | null>(fail(503)), retry: vi.fn() };
    const group = useRequestGroup([a, b, c]);
    expect(group.error.value?.status).toBe(500);
    group.retry();
    expect(a.retry).not.toHaveBeenCalled();
    expect(b.retry).toHaveBeenCalledOnce();
    expect(c.retry).toHaveBeenCalledOnce();
    b.error.value = null;
    c.error.value = null;
    expect(group.error.value).toBeNull();
  });
});
