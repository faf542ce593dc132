// Text in the dashboard's charts. ECharts draws labels on the canvas (as plain text while no
// `rich` style is set), but its tooltip is HTML: a region's or an enterprise's name is user text
// and goes into it escaped. Function formatters everywhere, no '{b}' string templates, so the
// one rule is easy to check (utils/safe-text.test.ts scans for string formatters).
import { escapeHtml } from '@/utils/safe-text';

interface ItemParams {
  name?: string;
  value?: unknown;
  seriesName?: string;
  marker?: unknown;
  percent?: number;
  axisValueLabel?: string;
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  return value === null || value === undefined ? '—' : String(value);
}

/** ECharts' own marker is a coloured <span> it builds from our colours; anything else is dropped. */
function marker(p: ItemParams): string {
  return typeof p.marker === 'string' && /^<span style="[^"<>]*"><\/span>$/.test(p.marker) ? p.marker : '';
}

/** A pie slice's canvas label: "name: value". */
export function nameValueLabel(p: ItemParams): string {
  return `${p.name ?? ''}: ${valueText(p.value)}`;
}

/** Tooltip (HTML) of an axis chart: the category, then one line per series. */
export function axisTooltip(params: ItemParams | ItemParams[]): string {
  const list = Array.isArray(params) ? params : [params];
  if (list.length === 0) return '';
  const head = escapeHtml(list[0].axisValueLabel ?? list[0].name ?? '');
  const rows = list.map((p) => `<div>${marker(p)}${escapeHtml(p.seriesName ?? '')}: <b>${escapeHtml(valueText(p.value))}</b></div>`);
  return `<div><b>${head}</b></div>${rows.join('')}`;
}

/** Tooltip (HTML) of a pie slice: "series<br>marker name: value (percent)". */
export function itemTooltip(p: ItemParams): string {
  const share = typeof p.percent === 'number' ? ` (${p.percent}%)` : '';
  return `<div>${escapeHtml(p.seriesName ?? '')}</div><div>${marker(p)}${escapeHtml(p.name ?? '')}: <b>${escapeHtml(valueText(p.value))}</b>${share}</div>`;
}
