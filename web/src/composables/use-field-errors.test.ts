import { describe, expect, it } from 'vitest';
import { nextTick, reactive, ref } from 'vue';
import { clearFieldErrorOnChange, formFields, withoutFields } from './use-field-errors';

describe('field errors clear when their field changes', () => {
  it('drops only the changed field', async () => {
    const form = reactive({ title: 'x', description: 'y', photos: [] as Blob[] });
    const errors = ref<Record<string, string>>({});
    clearFieldErrorOnChange(errors, { ...formFields(form), attachments: () => form.photos });
    errors.value = { title: '标题太短', description: '请填写', attachments: '附件无效' };
    await nextTick();
    form.title = 'x fixed';
    await nextTick();
    expect(errors.value).toEqual({ description: '请填写', attachments: '附件无效' });
    form.photos.push(new Blob(['a']));
    await nextTick();
    expect(errors.value).toEqual({ description: '请填写' });
  });

  it('a server error set after the change stays until the next change', async () => {
    const form = reactive({ old: '' });
    const errors = ref<Record<string, string>>({});
    clearFieldErrorOnChange(errors, formFields(form));
    form.old = 'wrong';
    await nextTick();
    errors.value = { old: '当前密码不正确' };
    await nextTick();
    expect(errors.value.old).toBe('当前密码不正确');
    form.old = 'right';
    await nextTick();
    expect(errors.value.old).toBeUndefined();
  });

  it('one source may clear several server fields', async () => {
    const location = ref<{ lat: number; lng: number } | null>(null);
    const errors = ref<Record<string, string>>({ lat: 'bad', lng: 'bad', contact: 'long' });
    clearFieldErrorOnChange(errors, { lat: location, lng: location });
    location.value = { lat: 30, lng: 121 };
    await nextTick();
    expect(errors.value).toEqual({ contact: 'long' });
  });

  it('withoutFields keeps the object when nothing goes', () => {
    const e = { a: '1' };
    expect(withoutFields(e, ['b'])).toBe(e);
    expect(withoutFields(e, ['a'])).toEqual({});
  });
});
