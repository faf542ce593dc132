// Keeps the half-answered checklist on the phone as the inspector goes (src/offline/drafts.ts): a
// moment after every change, and at once when the page is hidden or left, so a phone call, another
// app or a reload loses nothing. Also the user's list of drafts, for /inspect's 未完成 list.
import { onBeforeUnmount, ref, watch } from 'vue';
import { listDrafts, saveDraft, type DraftAnswer, type DraftMeta, type DraftSummary } from '@/offline/drafts';

const SAVE_AFTER_MS = 400;

export function useDraftAutosave(options: {
  userId: () => number | undefined;
  /** The draft the page is on now (null: no enterprise or checklist picked). */
  current: () => DraftMeta | null;
  answers: Record<string, DraftAnswer>;
  /** Whether a change now is the inspector's (not the page filling in or restoring answers). */
  saving: () => boolean;
}) {
  const drafts = ref<DraftSummary[]>([]);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending: DraftMeta | null = null;

  async function refresh() {
    const userId = options.userId();
    if (userId === undefined) return;
    drafts.value = await listDrafts(userId).catch(() => []);
  }
  function flush() {
    if (timer) clearTimeout(timer);
    timer = null;
    const meta = pending;
    pending = null;
    // saveDraft copies the answers at once, so resetting them right after is safe.
    if (meta) void saveDraft(meta, options.answers).then(refresh).catch(() => undefined);
  }
  function cancel() {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
  }

  watch(
    options.answers,
    () => {
      if (!options.saving()) return;
      const meta = options.current();
      if (!meta) return;
      if (pending && (pending.enterpriseId !== meta.enterpriseId || pending.checklistId !== meta.checklistId)) flush();
      pending = meta;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, SAVE_AFTER_MS);
    },
    { deep: true },
  );
  function onHidden() {
    if (document.visibilityState === 'hidden') flush();
  }
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('pagehide', flush);
  onBeforeUnmount(() => {
    flush();
    document.removeEventListener('visibilitychange', onHidden);
    window.removeEventListener('pagehide', flush);
  });

  return { drafts, refresh, flush, cancel };
}
