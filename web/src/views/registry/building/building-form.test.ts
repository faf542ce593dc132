import { describe, expect, it } from 'vitest';
import type { Building } from '@/api/types';
import { blankBuildingForm, buildingBody, changesBetween, formOf, gridOptions } from './building-form';

const stored: Building = {
  id: 7,
  name: '王家厂房1幢',
  address: '匡堰镇高家村东路12号',
  grid_id: 3,
  landlord_name: '王芳',
  landlord_phone: '13600000000',
  floors: 4,
  area_m2: 2400.5,
  height_m: null,
  people_sleeping: 3,
  sleeping_separated: false,
  sandwich_panels: false,
  version: 2,
};

describe('building form', () => {
  it('starts with nobody sleeping and no facts', () => {
    const form = blankBuildingForm(5);
    expect(form.grid_id).toBe(5);
    expect(buildingBody(form)).toMatchObject({ people_sleeping: 0, floors: null, area_m2: null, height_m: null, sleeping_separated: false });
  });

  it('round-trips a stored building and sends an emptied number as null', () => {
    const form = formOf(stored);
    expect(form.height_m).toBeUndefined();
    form.floors = undefined;
    form.name = '  王家厂房1幢 ';
    const body = buildingBody(form);
    expect(body.floors).toBeNull();
    expect(body.name).toBe('王家厂房1幢');
    expect(body.area_m2).toBe(2400.5);
    expect(body.people_sleeping).toBe(3);
  });

  it("names the other person's changes after a stale save, in the form's order", () => {
    const current: Building = { ...stored, people_sleeping: 24, landlord_phone: '0574-63200000', version: 3 };
    expect(changesBetween(stored, current)).toEqual([
      { field: 'landlord_phone', before: '13600000000', after: '0574-63200000' },
      { field: 'people_sleeping', before: 3, after: 24 },
    ]);
    expect(changesBetween(stored, { ...stored, version: 3 })).toEqual([]);
  });

  it('offers the grids of the tree as village / grid', () => {
    const tree = [
      {
        id: 1, kind: 'town', name: '匡堰镇', code: '', children: [
          { id: 2, kind: 'village', name: '高家村', code: '', children: [{ id: 3, kind: 'grid', name: '第一网格', code: '', children: [] }] },
        ],
      },
    ] as unknown as Parameters<typeof gridOptions>[0];
    expect(gridOptions(tree)).toEqual([{ id: 3, label: '高家村 / 第一网格' }]);
  });
});
