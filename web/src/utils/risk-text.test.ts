import { describe, expect, it } from 'vitest';
import zh from '@/locales/zh-CN.json';
import en from '@/locales/en-US.json';
import { factorValueText, reasonText, sumText } from './risk-text';

// A minimal t/te over a locale file, as vue-i18n would resolve them.
function translator(messages: Record<string, unknown>) {
  const lookup = (key: string): unknown => key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages);
  const te = (key: string) => typeof lookup(key) === 'string';
  const t = (key: string, params: Record<string, unknown> = {}) => {
    const text = lookup(key);
    if (typeof text !== 'string') throw new Error(`missing locale key ${key}`);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
  };
  return { t, te };
}

describe('reasonText', () => {
  for (const [name, messages] of [['zh-CN', zh], ['en-US', en]] as const) {
    const { t, te } = translator(messages);
    it(`words every reason the server sends, never the code (${name})`, () => {
      for (const reason of ['enterprise.create', 'enterprise.update', 'hazard.approve:12', 'hazard.create:3996', 'hazard.unknown_action:4', 'inspection:3', 'daily', 'something.new']) {
        const { text } = reasonText(reason, t, te);
        expect(text).not.toMatch(/[a-z]+\.[a-z]+|:\d|#\d/);
        expect(text).not.toBe('');
      }
    });
  }

  const { t, te } = translator(zh);
  it('names the hazard action and links to the hazard', () => {
    expect(reasonText('hazard.approve:12', t, te)).toEqual({ text: `隐患${zh.words.action.approve}`, to: '/hazards/12' });
  });
  it('tells the kinds of change apart', () => {
    const texts = ['enterprise.create', 'enterprise.update', 'inspection:3', 'daily', 'hazard.bogus:1', 'other'].map((r) => reasonText(r, t, te).text);
    expect(new Set(texts).size).toBe(texts.length);
  });
  it('links nothing when the id is not a number', () => {
    expect(reasonText('hazard.approve:x', t, te).to).toBeUndefined();
  });
});

describe('factorValueText', () => {
  const { t } = translator(zh);
  it('says yes for a tag, not recorded for an unknown, the number otherwise', () => {
    expect(factorValueText(true, t)).toBe(zh.riskGrading.yes);
    expect(factorValueText(null, t)).toBe(zh.riskGrading.notRecorded);
    expect(factorValueText(28, t)).toBe('28');
    expect(factorValueText('1810', t)).toBe('1810');
  });
});

describe('sumText', () => {
  it('shows the addition that gives the score', () => {
    expect(sumText([18, 9, 54], 81)).toBe('18 + 9 + 54 = 81');
    expect(sumText([], 0)).toBe('0');
  });
});
