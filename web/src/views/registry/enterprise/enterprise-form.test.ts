import { describe, expect, it } from 'vitest';
import type { Enterprise, Region } from '@/api/types';
import { changedFields, formErrors, formOf, gridOptions, reapply } from './enterprise-form';

const opened: Enterprise = {
  id: 7, name: '慈溪市宏达服饰有限公司', credit_code: '91330282MA2AAAAA1X', grid_id: 3, address: '匡堰镇1号', industry_code: 'C18',
  employees: 12, tags: ['dust', 'group_rented'], lat: 30.1, lng: 121.3, contact_name: '陈静', contact_phone: '13800000000',
  risk_level: 'yellow', version: 1, building_id: null,
};

describe('enterprise form', () => {
  it('sends only what the user changed, tags in any order being the same', () => {
    const form = { ...formOf(opened), tags: ['group_rented', 'dust'] as Enterprise['tags'], address: '匡堰镇2号' };
    expect(changedFields(form, formOf(opened))).toEqual({ address: '匡堰镇2号' });
  });

  it("re-applies the user's own changes onto the newer version and keeps the other person's", () => {
    const mine = { ...formOf(opened), address: '匡堰镇2号' };
    const theirs: Enterprise = { ...opened, contact_phone: '13911112222', version: 2 };
    const merged = reapply(mine, formOf(opened), theirs);
    expect(merged.address).toBe('匡堰镇2号');
    expect(merged.contact_phone).toBe('13911112222');
    expect(changedFields(merged, formOf(theirs))).toEqual({ address: '匡堰镇2号' });
  });

  it('shows a lat or lng error at the location field', () => {
    expect(formErrors({ lat: '超出范围' })).toEqual({ lat: '超出范围', location: '超出范围' });
  });

  it('lists the grids of the tree under their village', () => {
    const grid = (id: number, name: string): Region => ({ id, name, kind: 'grid', code: '', parent_id: 2 });
    const tree: Region[] = [{ id: 1, name: '匡堰镇', kind: 'town', code: '', parent_id: null, children: [{ id: 2, name: '高家村', kind: 'village', code: '', parent_id: 1, children: [grid(3, '第一网格')] }] }];
    expect(gridOptions(tree)).toEqual([{ id: 3, label: '高家村 / 第一网格' }]);
    expect(gridOptions([grid(9, '倡隆村第一网格')])).toEqual([{ id: 9, label: '倡隆村第一网格' }]);
  });
});
