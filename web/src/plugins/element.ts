// Element Plus for the staff pages only: its stylesheet and its locale, following ours.
// Components are imported where used (tree-shaken into the "element-plus" chunk).
import 'element-plus/dist/index.css';
import '@/styles/element-theme.css';
import 'dayjs/locale/zh-cn';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import en from 'element-plus/es/locale/lang/en';
import type { Locale } from '@/i18n';

export function elementLocale(locale: Locale) {
  return locale === 'en-US' ? en : zhCn;
}
