// User text (an enterprise's or a region's name, a hazard's title) is rendered as text, never as
// HTML: a staff user who can rename an enterprise must not run script in the town's browser.
// Vue's {{ }} and Element Plus props already do that; these helpers are for the few APIs that
// take HTML (Leaflet tooltips and popups, ECharts HTML tooltips). The source scan in
// safe-text.test.ts keeps the HTML-taking APIs out of everything else.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put inside HTML markup (element content or a quoted attribute). */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** An element whose only content is the text: for Leaflet's bindTooltip / bindPopup, which write
 *  a string argument as innerHTML but insert an element as it is. */
export function textElement(text: string, tag: keyof HTMLElementTagNameMap = 'span'): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}
