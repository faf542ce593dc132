// 群众举报 on the hazard page: the contact row only when the server sent a contact (staff).
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from 'vue';
import { i18n } from '@/i18n';
import ReportPanel from './report-panel.vue';

let app: App | null = null;
afterEach(() => {
  app?.unmount();
  app = null;
  document.body.innerHTML = '';
});

function mount(report: Record<string, unknown>, staff = true) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  app = createApp(ReportPanel, { report: { address: '菜场后门', lat: null, lng: null, reported_at: '2026-12-06T02:00:00Z', ...report }, hazardId: 7, staff });
  app.use(i18n).mount(root);
  return root;
}

describe('the citizen report panel', () => {
  it('shows address and contact to staff, as text', () => {
    const root = mount({ address: '<b>菜场</b>后门', contact: '13905741234' });
    expect(root.querySelector('[data-testid=citizen-report-address]')?.textContent).toBe('<b>菜场</b>后门');
    expect(root.querySelector('b')).toBeNull();
    expect(root.querySelector('[data-testid=citizen-report-contact]')?.textContent?.trim()).toBe('13905741234');
    expect(root.querySelector('[data-testid=citizen-report-contact] a')?.getAttribute('href')).toBe('tel:13905741234');
  });

  it('names the QR poster the report came from, as text, and nothing when there was none', () => {
    const root = mount({ place: { code: 'JWCXKJ9Z', kind: 'enterprise', name: '<i>恒达</i>服装厂' } });
    const place = root.querySelector('[data-testid=citizen-report-place]');
    expect(place?.textContent).toBe('企业「<i>恒达</i>服装厂」的二维码海报');
    expect(place?.getAttribute('data-place')).toBe('JWCXKJ9Z');
    expect(root.querySelector('i')).toBeNull();
    app?.unmount();
    expect(mount({ place: null }).querySelector('[data-testid=citizen-report-place]')).toBeNull();
  });

  it('has no contact row when the answer carries none (the enterprise role)', () => {
    const root = mount({}, false);
    expect(root.querySelector('[data-testid=citizen-report-contact]')).toBeNull();
    expect(root.querySelector('[data-testid=citizen-report-address]')?.textContent).toBe('菜场后门');
    expect(root.querySelector('[data-testid=citizen-report-no-position]')).not.toBeNull();
  });

  it('says so when the citizen left the contact empty', () => {
    const root = mount({ contact: '' });
    expect(root.querySelector('[data-testid=citizen-report-contact]')?.textContent?.trim()).toBe('未留联系方式');
  });
});
