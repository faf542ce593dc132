import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDb } from '@/offline/db';
import { enqueue } from '@/offline/queue';
import { saveDraft } from '@/offline/drafts';
import { i18n } from '@/i18n';

const confirm = vi.hoisted(() => vi.fn());
vi.mock('element-plus', () => ({ ElMessageBox: { confirm } }));
import { confirmLogout, logoutQuestion, unsentWork } from './use-logout-guard';

beforeEach(async () => {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
  confirm.mockReset();
  i18n.global.locale.value = 'zh-CN';
});
afterEach(() => closeDb());

const queueOne = (userId: number) => enqueue({ userId, kind: 'inspection', path: '/inspections', body: {}, summary: 'x' });
const draftOne = (userId: number, enterpriseId: number) =>
  saveDraft({ userId, enterpriseId, checklistId: 1, enterpriseName: 'E', checklistName: 'C', total: 2 }, { 1: { result: 'pass', note: '', photos: [] } });

describe('logging out with unsent work', () => {
  it("counts this user's queued items and drafts only", async () => {
    await queueOne(7);
    await queueOne(7);
    await queueOne(8);
    await draftOne(7, 3);
    expect(await unsentWork(7)).toEqual({ queued: 2, drafts: 1 });
  });

  it('the question names how many and says they stay on the device', () => {
    const q = logoutQuestion({ queued: 2, drafts: 1 })!;
    expect(q).toContain('2 条记录未上传');
    expect(q).toContain('1 份检查未填完');
    expect(q).toContain('保存在本设备上');
    expect(logoutQuestion({ queued: 0, drafts: 0 })).toBeNull();
  });

  it('asks only when something is unsent, and a cancel keeps the user logged in', async () => {
    expect(await confirmLogout(7)).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
    await draftOne(7, 4);
    confirm.mockRejectedValueOnce('cancel');
    expect(await confirmLogout(7)).toBe(false);
    confirm.mockResolvedValueOnce('confirm');
    expect(await confirmLogout(7)).toBe(true);
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(String(confirm.mock.calls[0][0])).toContain('1 份检查未填完');
  });
});
