// A dialog whose action succeeded closes at once: no fade-out, during which the page has
// already emptied the dialog's content (the action done, the form reset) and a blank box would
// stay on screen. Cancel and the close button keep the usual animation.
import { computed, ref, type ComputedRef } from 'vue';

/** Element Plus dialog `transition` that ends at once (no CSS, no hooks). */
export const INSTANT = Object.freeze({ name: 'sg-instant', css: false });

export interface SuccessClose {
  /** Bind to ElDialog's `transition`. */
  transition: ComputedRef<typeof INSTANT | undefined>;
  /** Closes the dialog (the given function hides it) without animation. */
  closeNow: (close: () => void) => void;
  /** Bind to ElDialog's `@closed`: later closes animate again. */
  onClosed: () => void;
}

export function useSuccessClose(): SuccessClose {
  const instant = ref(false);
  return {
    transition: computed(() => (instant.value ? INSTANT : undefined)),
    closeNow(close) {
      instant.value = true;
      close();
    },
    onClosed() {
      instant.value = false;
    },
  };
}
