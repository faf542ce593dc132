// User preferences kept on the device: the language (Simplified Chinese unless changed).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { DEFAULT_LOCALE, applyLocale, isLocale, type Locale } from '@/i18n';

export const LOCALE_KEY = 'safegrid.locale';

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(LOCALE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export const usePreferencesStore = defineStore('preferences', () => {
  const locale = ref<Locale>(storedLocale());

  async function setLocale(next: Locale): Promise<void> {
    await applyLocale(next);
    locale.value = next;
    try {
      localStorage.setItem(LOCALE_KEY, next);
    } catch {
      // private mode: the choice lasts for this visit
    }
  }

  /** At start-up: load and apply the remembered language. */
  async function init(): Promise<void> {
    await applyLocale(locale.value);
  }

  return { locale, setLocale, init };
});
