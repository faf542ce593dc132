// The "change password" form, checked as the server checks it (at least 8 characters) plus what
// only a person can get wrong (the two new entries differ). Values are i18n keys by field.
export interface PasswordForm {
  old: string;
  new: string;
  confirm: string;
}

export const MIN_PASSWORD = 8;

export function validatePasswordChange(form: PasswordForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.old) errors.old = 'account.errOld';
  // Code points, as the server counts them.
  if ([...form.new].length < MIN_PASSWORD) errors.new = 'account.errNew';
  else if (form.new === form.old) errors.new = 'account.errSame';
  if (!errors.new && form.confirm !== form.new) errors.confirm = 'account.errConfirm';
  return errors;
}
