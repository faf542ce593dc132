import { describe, expect, it } from 'vitest';
import type { Region } from '@/api/types';
import { creatableRoles, regionsFor, userBody, validateUser, type UserForm } from './rules';

const tree: Region[] = [
  {
    id: 1, name: '匡堰镇', kind: 'town', code: 't', parent_id: null,
    children: [
      { id: 2, name: '倡隆村', kind: 'village', code: 'v', parent_id: 1, children: [{ id: 4, name: '第一网格', kind: 'grid', code: 'g', parent_id: 2, children: [] }] },
    ],
  },
];
const form = (over: Partial<UserForm>): UserForm => ({ username: 'village9', display_name: '', phone: '', password: 'demo12345', role: 'village', region_id: 2, enterprise_id: undefined, ...over });

describe('new user rules', () => {
  it('accepts a complete form and sends only what the role needs', () => {
    expect(validateUser(form({}), tree)).toEqual({});
    expect(userBody(form({ enterprise_id: 9, display_name: ' 李明 ' }))).toEqual({ username: 'village9', password: 'demo12345', role: 'village', region_id: 2, display_name: '李明' });
    expect(userBody(form({ role: 'enterprise', region_id: 2, enterprise_id: 9 }))).toEqual({ username: 'village9', password: 'demo12345', role: 'enterprise', enterprise_id: 9 });
    expect(userBody(form({ role: 'admin', region_id: 2 }))).toEqual({ username: 'village9', password: 'demo12345', role: 'admin' });
  });
  it('checks the username, password, phone and role like the server', () => {
    expect(validateUser(form({ username: 'a', password: 'short', phone: 'abc', role: '' }), tree)).toEqual({
      username: 'users.errUsername',
      password: 'users.errPassword',
      phone: 'users.errPhone',
      role: 'users.errRole',
    });
    expect(validateUser(form({ username: '张三' }), tree).username).toBe('users.errUsername');
    expect(validateUser(form({ username: 'a.b-c_9' }), tree)).toEqual({});
  });
  it('needs a region of the right kind for town, village and inspector, an enterprise for the enterprise role', () => {
    expect(validateUser(form({ region_id: undefined }), tree)).toEqual({ region_id: 'users.errRegion' });
    expect(validateUser(form({ region_id: 1 }), tree)).toEqual({ region_id: 'users.errRegionKind.village' });
    expect(validateUser(form({ role: 'inspector', region_id: 4 }), tree)).toEqual({});
    expect(validateUser(form({ role: 'enterprise', region_id: undefined }), tree)).toEqual({ enterprise_id: 'users.errEnterprise' });
    expect(validateUser(form({ role: 'admin', region_id: undefined }), tree)).toEqual({});
  });
  it('offers the regions of the role’s kind and the roles the caller may create', () => {
    expect(regionsFor(tree, 'inspector')).toEqual([{ id: 4, label: '匡堰镇 / 倡隆村 / 第一网格' }]);
    expect(regionsFor(tree, 'enterprise')).toEqual([]);
    expect(creatableRoles('town')).not.toContain('admin');
    expect(creatableRoles('admin')).toContain('admin');
    expect(creatableRoles('village')).toEqual([]);
  });
});
