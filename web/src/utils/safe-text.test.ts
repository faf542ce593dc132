// User text is rendered as text, never as HTML (CONTRACT.md "Auth and scope"; issue 10 point 1).
// 1. the helpers escape; 2. a source scan keeps every API that takes HTML out of web/src, so a
// new v-html or a string tooltip fails here before it reaches a browser.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { axisTooltip, itemTooltip, nameValueLabel } from '@/components/charts/chart-text';
import { escapeHtml, textElement } from './safe-text';

const HOSTILE = '<img src=x onerror="window.__xss=1">';
const SRC = join(__dirname, '..');

/** What would put markup from a string into the page. Each rule: a name and a pattern. */
const RULES: [string, RegExp][] = [
  ['v-html', /\bv-html\b/],
  ['innerHTML / outerHTML', /\b(inner|outer)HTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\.write(ln)?\s*\(/],
  ['dangerouslyUseHTMLString (ElMessage / ElMessageBox / ElNotification)', /\bdangerouslyUseHTMLString\b/],
  // ElTooltip (and a table's overflow tooltip options) write `content` as innerHTML with it.
  ['Element Plus tooltip raw-content', /\braw-?[cC]ontent\b/],
  // Leaflet writes a string tooltip / popup as HTML: pass textElement(…) instead.
  ['string argument to a Leaflet tooltip / popup', /\.(bindTooltip|bindPopup|setTooltipContent|setPopupContent|setContent)\(\s*(?!textElement\()/],
  ['Leaflet divIcon html', /\bdivIcon\s*\(\s*\{[^}]*\bhtml\s*:/],
  // ECharts string templates ('{b}') in an HTML tooltip; function formatters escape (chart-text.ts).
  ['ECharts string formatter', /\bformatter\s*:\s*['"`]/],
  // ECharts' default tooltip builds its HTML itself: name a formatter of chart-text.ts on every one.
  ['ECharts tooltip without a formatter', /\btooltip\s*:\s*\{(?!(?:[^{}]|\{[^{}]*\})*?\bformatter\s*:)(?:[^{}]|\{[^{}]*\})*\}/],
  ['Element Plus table formatter returning markup', /:formatter\s*=\s*["'][^"']*</],
];

function withoutComments(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .map((line) => (/^\s*\/\//.test(line) ? '' : line))
    .join('\n');
}

function htmlSinks(text: string): string[] {
  const code = withoutComments(text);
  return RULES.filter(([, pattern]) => pattern.test(code)).map(([name]) => name);
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(vue|ts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('user text as text', () => {
  it('escapes for HTML and builds text-only elements', () => {
    expect(escapeHtml(HOSTILE)).toBe('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(escapeHtml(`a&b'c`)).toBe('a&amp;b&#39;c');
    const element = textElement(HOSTILE);
    expect(element.textContent).toBe(HOSTILE);
    expect(element.children).toHaveLength(0);
  });

  it('escapes names in the charts’ HTML tooltips', () => {
    const marker = '<span style="display:inline-block;background-color:#d93026;"></span>';
    const axis = axisTooltip([{ axisValueLabel: HOSTILE, seriesName: HOSTILE, value: 3, marker }]);
    const item = itemTooltip({ name: HOSTILE, seriesName: '隐患', value: 2, percent: 40, marker: '<img src=y>' });
    for (const html of [axis, item]) {
      const box = document.createElement('div');
      box.insertAdjacentHTML('beforeend', html); // as ECharts does with a tooltip
      expect(box.querySelector('img')).toBeNull();
      expect(box.textContent).toContain(HOSTILE);
    }
    expect(axis).toContain(marker);
    expect(nameValueLabel({ name: '匡堰镇', value: 5 })).toBe('匡堰镇: 5');
  });

  it('the scan finds each kind of HTML sink (so it can fail)', () => {
    expect(htmlSinks('<div v-html="x" />')).toEqual(['v-html']);
    expect(htmlSinks('el.innerHTML = name')).toEqual(['innerHTML / outerHTML']);
    expect(htmlSinks("ElMessageBox.alert(m, { dangerouslyUseHTMLString: true })")).toHaveLength(1);
    expect(htmlSinks('<ElTooltip :content="e.name" raw-content>')).toEqual(['Element Plus tooltip raw-content']);
    expect(htmlSinks('show-overflow-tooltip="{ rawContent: true }"')).toEqual(['Element Plus tooltip raw-content']);
    expect(htmlSinks('marker.bindTooltip(p.name, {})')).toEqual(['string argument to a Leaflet tooltip / popup']);
    expect(htmlSinks('marker.bindPopup(`<b>${p.name}</b>`)')).toEqual(['string argument to a Leaflet tooltip / popup']);
    expect(htmlSinks('marker.bindTooltip(textElement(p.name), {})')).toEqual([]);
    expect(htmlSinks("L.divIcon({ className: 'x', html: name })")).toEqual(['Leaflet divIcon html']);
    expect(htmlSinks("label: { formatter: '{b}: {c}' }")).toEqual(['ECharts string formatter']);
    expect(htmlSinks('label: { formatter: nameValueLabel }')).toEqual([]);
    expect(htmlSinks('// Leaflet writes a string as innerHTML')).toEqual([]);
  });

  it('web/src uses no API that renders a string as HTML', () => {
    const found = sources(SRC).flatMap((file) => htmlSinks(readFileSync(file, 'utf8')).map((rule) => `${relative(SRC, file)}: ${rule}`));
    expect(found).toEqual([]);
  });
});
