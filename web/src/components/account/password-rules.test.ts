import { describe, expect, it } from 'vitest';
import { validatePasswordChange } from './password-rules';

describe('validatePasswordChange', () => {
  it('accepts a new password of 8 code points typed twice', () => {
    expect(validatePasswordChange({ old: 'demo1234', new: '安全网格密码很长', confirm: '安全网格密码很长' })).toEqual({});
  });

  it('names each field that is wrong', () => {
    expect(validatePasswordChange({ old: '', new: 'short', confirm: 'short' })).toEqual({ old: 'account.errOld', new: 'account.errNew' });
    expect(validatePasswordChange({ old: 'demo1234', new: 'demo1234', confirm: 'demo1234' })).toEqual({ new: 'account.errSame' });
    expect(validatePasswordChange({ old: 'demo1234', new: 'new-pass-1', confirm: 'new-pass-2' })).toEqual({ confirm: 'account.errConfirm' });
  });
});
