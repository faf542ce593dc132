// Phone or desktop, by width (the layout switches from side menu to bottom tabs).
import { onBeforeUnmount, ref } from 'vue';

export const PHONE_QUERY = '(max-width: 768px)';

export function useIsPhone() {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(PHONE_QUERY) : null;
  const isPhone = ref(query ? query.matches : false);
  const update = (event: MediaQueryListEvent) => (isPhone.value = event.matches);
  query?.addEventListener('change', update);
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return isPhone;
}
