import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { actionToast, createdToast } from './action-toast';
import { townUtcOffsetSeconds, DEFAULT_UTC_OFFSET_SECONDS } from './format';

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {});
// 2026-12-20 03:00 China time (2026-12-19 19:00 UTC)
const DUE = '2026-12-19T19:00:00Z';

afterEach(() => {
  townUtcOffsetSeconds.value = DEFAULT_UTC_OFFSET_SECONDS;
});

describe('actionToast says what happened and what comes next', () => {
  it('a return names the new deadline as the town reads it', () => {
    expect(actionToast(t, 'return', { status: 'rectifying', due_at: DUE }, '2026-12-07T15:59:59Z')).toBe('已退回，新期限 12月20日');
    expect(actionToast(t, 'return', { status: 'rectifying', due_at: DUE }, DUE)).toBe('已退回，整改期限仍为 12月20日');
  });

  it('each action has its own sentence, never 操作成功', () => {
    const answer = { status: 'rectifying' as const, due_at: DUE };
    expect(actionToast(t, 'submit', { status: 'submitted', due_at: DUE })).toBe('已提交整改，等待复查');
    expect(actionToast(t, 'approve', { status: 'closed', due_at: DUE })).toBe('复查通过，已销号');
    expect(actionToast(t, 'confirm', answer)).toBe('已确认，整改期限 12月20日，已通知企业整改');
    expect(actionToast(t, 'extend', answer)).toBe('已延期，新期限 12月20日');
    expect(actionToast(t, 'reject', { status: 'rejected', due_at: null })).toBe('已驳回，上报人将看到驳回理由');
    expect(actionToast(t, 'assign', { status: 'reported', due_at: null, enterprise_name: '某某服装厂' })).toBe('已分派给 某某服装厂，等待确认');
    for (const action of ['confirm', 'reject', 'submit', 'approve', 'return', 'extend', 'assign', 'something']) {
      expect(actionToast(t, action, answer)).not.toContain('操作成功');
    }
  });

  it('a created hazard names its deadline; a self-report waits for staff', () => {
    expect(createdToast(t, { status: 'rectifying', due_at: DUE })).toBe('隐患已登记，整改期限 12月20日，已通知企业');
    expect(createdToast(t, { status: 'reported', due_at: null })).toBe('已上报，等待安监人员确认');
  });

  it("the day follows the town's zone, not the browser's", () => {
    townUtcOffsetSeconds.value = -5 * 3600; // UTC−05:00: the same instant is still 12月19日
    expect(actionToast(t, 'return', { status: 'rectifying', due_at: DUE }, null)).toBe('已退回，新期限 12月19日');
  });
});
