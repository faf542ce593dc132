// vue-i18n, Composition API mode. Simplified Chinese is the default and always bundled;
// English is loaded when chosen (the citizen's page stays small). Element Plus follows
// through <el-config-provider> in the staff layouts (plugins/element.ts).
import { createI18n } from 'vue-i18n';
import zhCN from './locales/zh-CN.json';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN } as Record<string, typeof zhCN>,
  missingWarn: false,
  fallbackWarn: false,
});

const loaders: Record<Locale, () => Promise<typeof zhCN>> = {
  'zh-CN': async () => zhCN,
  'en-US': async () => (await import('./locales/en-US.json')).default,
};

/** Loads the messages if needed, then switches every `t()` and the <html lang>. */
export async function applyLocale(locale: Locale): Promise<void> {
  if (!i18n.global.availableLocales.includes(locale)) {
    i18n.global.setLocaleMessage(locale, await loaders[locale]());
  }
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export const t = (key: string, named?: Record<string, unknown>): string =>
  named ? i18n.global.t(key, named) : i18n.global.t(key);
