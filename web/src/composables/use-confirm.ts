// One confirmation box for the staff pages (disabling an account, logging out everywhere, logging
// out with unsent work): plain-text message (no HTML, so a name cannot become markup), our own
// button words, and a boolean instead of a rejected promise for "cancel".
import { ElMessageBox } from 'element-plus';
import { i18n } from '@/i18n';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmText: string;
  type?: 'warning' | 'info';
}

/** true when the user confirmed; false when they cancelled or closed the box. */
export async function askConfirm({ title, message, confirmText, type = 'warning' }: ConfirmOptions): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type, confirmButtonText: confirmText, cancelButtonText: i18n.global.t('common.cancel') });
    return true;
  } catch {
    return false;
  }
}
