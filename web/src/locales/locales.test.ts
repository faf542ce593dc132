// Every visible string goes through i18n: both languages have the same keys, no empty text,
// the same {placeholders}, and every key the code names literally exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import zh from './zh-CN.json';
import en from './en-US.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const zhKeys = flatten(zh as Tree);
const enKeys = flatten(en as Tree);
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    expect([...zhKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys.keys()].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has no empty text', () => {
    expect([...zhKeys].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
    expect([...enKeys].filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched = [...zhKeys.keys()].filter((k) => placeholders(zhKeys.get(k)!).join() !== placeholders(enKeys.get(k) ?? '').join());
    expect(mismatched).toEqual([]);
  });

  it('avoids vue-i18n syntax characters that would break a message', () => {
    const bad = [...zhKeys, ...enKeys].filter(([, v]) => /[@|$]/.test(v)).map(([k]) => k);
    expect(bad).toEqual([]);
  });

  it('defines every key the code names literally', () => {
    const root = join(process.cwd(), 'src/');
    const missing: string[] = [];
    const literal = /(?:\bt|\bte|\$t)\(\s*'([a-zA-Z][\w.]*)'|title: '([a-z][\w.]*\.[\w.]+)'|'(action\.err\w+)'|'(users\.err\w+)'/g;
    for (const file of sources(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(literal)) {
        const key = match[1] ?? match[2] ?? match[3] ?? match[4];
        if (!zhKeys.has(key)) missing.push(`${file.slice(root.length)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names every status, severity, risk colour, tag, action and role in both languages', () => {
    const groups: Record<string, string[]> = {
      status: ['reported', 'rectifying', 'submitted', 'closed', 'rejected'],
      severity: ['general', 'major'],
      risk: ['red', 'orange', 'yellow', 'blue'],
      tags: ['three_in_one', 'group_rented', 'key_unit', 'hazardous_chemicals', 'dust', 'confined_space'],
      'action.name': ['confirm', 'reject', 'submit', 'approve', 'return', 'extend', 'assign'],
      'action.commentHint': ['confirm', 'reject', 'submit', 'approve', 'return', 'extend', 'assign'],
      roles: ['admin', 'town', 'village', 'inspector', 'enterprise'],
      publicStatus: ['reported', 'rectifying', 'submitted', 'closed', 'rejected'],
      'inspect.result': ['pass', 'fail', 'na'],
      'region.kind': ['town', 'village', 'grid'],
      'users.regionOf': ['town', 'village', 'grid'],
      'users.errRegionKind': ['town', 'village', 'grid'],
    };
    const missing = Object.entries(groups).flatMap(([group, names]) => names.map((n) => `${group}.${n}`)).filter((k) => !zhKeys.has(k) || !enKeys.has(k));
    expect(missing).toEqual([]);
  });
});
