// Logging out with work not yet on the server. Logging out does not touch IndexedDB: the offline
// queue and the checklist drafts stay on this device, kept per user, and are sent (the queue) or
// offered again (the drafts) when the same user logs in here again. So nothing is lost, but
// nothing is sent either until then: the user is asked first, told how many and where they are.
import { i18n } from '@/i18n';
import { listQueue } from '@/offline/queue';
import { listDrafts } from '@/offline/drafts';
import { askConfirm } from './use-confirm';

export interface UnsentWork {
  queued: number; // submissions waiting to be uploaded
  drafts: number; // half-answered checklists
}

/** What this user has on this device that the server has not got yet. */
export async function unsentWork(userId: number): Promise<UnsentWork> {
  const [queued, drafts] = await Promise.all([listQueue(userId).catch(() => []), listDrafts(userId).catch(() => [])]);
  return { queued: queued.length, drafts: drafts.length };
}

/** The question to ask before logging out, or null when there is nothing to lose sight of. */
export function logoutQuestion(work: UnsentWork): string | null {
  if (work.queued + work.drafts === 0) return null;
  const { t } = i18n.global;
  const parts: string[] = [];
  if (work.queued) parts.push(t('small.logout.queued', { n: work.queued }));
  if (work.drafts) parts.push(t('small.logout.drafts', { n: work.drafts }));
  return t('small.logout.question', { what: parts.join(t('small.logout.and')) });
}

/** true when logging out may go ahead: nothing unsent, or the user said so. */
export async function confirmLogout(userId: number | undefined): Promise<boolean> {
  if (userId === undefined) return true;
  const question = logoutQuestion(await unsentWork(userId));
  if (!question) return true;
  const { t } = i18n.global;
  return askConfirm({ title: t('small.logout.title'), message: question, confirmText: t('small.logout.confirm') });
}
