import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, h, nextTick, ref, type App } from 'vue';
import { i18n } from '@/i18n';
import type { Campaign, InspectionKind } from '@/api/types';
import KindStep from './kind-step.vue';

const campaign = (id: number, name: string): Campaign => ({
  id,
  town_id: 1,
  name,
  starts_on: '2026-12-01',
  ends_on: '2099-12-31',
  scope: { region_ids: [2], tags: [] },
  categories: [],
  open: true,
  version: 1,
});
const listCampaigns = vi.fn();
vi.mock('@/api/campaigns', () => ({ listCampaigns: (q: unknown) => listCampaigns(q) }));

describe('the kind step', () => {
  let app: App | null = null;
  afterEach(() => {
    app?.unmount();
    listCampaigns.mockReset();
  });

  function mountStep(preferCampaignId?: number) {
    const kind = ref<InspectionKind>('routine');
    const chosen = ref<Campaign | null>(null);
    const root = document.createElement('div');
    app = createApp({
      render: () =>
        h(KindStep, {
          enterpriseId: 42,
          userId: 7,
          kind: kind.value,
          campaign: chosen.value,
          preferCampaignId,
          onPick: (k: InspectionKind, c: Campaign | null) => {
            kind.value = k;
            chosen.value = c;
          },
        }),
    });
    app.use(i18n).mount(root);
    return { root, kind, chosen };
  }

  it('asks the server for the campaigns open today that hold this enterprise, and picks the only one', async () => {
    listCampaigns.mockResolvedValue({ items: [campaign(5, '三合一场所专项整治')], total: 1, page: 1, page_size: 50 });
    const { root, kind, chosen } = mountStep();
    await vi.waitFor(() => expect(listCampaigns).toHaveBeenCalled());
    expect(listCampaigns.mock.calls[0][0]).toMatchObject({ enterprise_id: 42, open_on: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });
    expect(root.querySelector('[data-kind=routine]')?.getAttribute('aria-checked')).toBe('true');
    await vi.waitFor(() => expect(listCampaigns.mock.results[0]?.type).toBe('return'));
    await nextTick();
    root.querySelector<HTMLButtonElement>('[data-kind=campaign]')!.click();
    await nextTick();
    expect(kind.value).toBe('campaign');
    expect(chosen.value?.id).toBe(5);
    await vi.waitFor(() => expect(root.querySelector('[data-campaign="5"]')?.getAttribute('aria-checked')).toBe('true'));
    root.querySelector<HTMLButtonElement>('[data-kind=joint]')!.click();
    await nextTick();
    expect(kind.value).toBe('joint');
    expect(chosen.value).toBeNull();
  });

  it('says so when no campaign is open for the enterprise, and leaves the campaign to be chosen', async () => {
    listCampaigns.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 50 });
    const { root, kind, chosen } = mountStep();
    await vi.waitFor(() => expect(listCampaigns).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 0));
    root.querySelector<HTMLButtonElement>('[data-kind=campaign]')!.click();
    await nextTick();
    expect(kind.value).toBe('campaign');
    expect(chosen.value).toBeNull();
    await vi.waitFor(() => expect(root.querySelector('[data-testid=inspect-no-campaign]')).not.toBeNull());
  });

  it("chooses the campaign a campaign page's link names, when it is open for the enterprise", async () => {
    listCampaigns.mockResolvedValue({ items: [campaign(5, '三合一场所专项整治'), campaign(9, '回头看')], total: 2, page: 1, page_size: 50 });
    const { kind, chosen } = mountStep(9);
    await vi.waitFor(() => expect(chosen.value?.id).toBe(9));
    expect(kind.value).toBe('campaign');
  });

  it('ignores a named campaign that is not open for the enterprise', async () => {
    listCampaigns.mockResolvedValue({ items: [campaign(5, '三合一场所专项整治')], total: 1, page: 1, page_size: 50 });
    const { kind, chosen } = mountStep(77);
    await vi.waitFor(() => expect(listCampaigns.mock.results[0]?.type).toBe('return'));
    await new Promise((r) => setTimeout(r, 0));
    expect(kind.value).toBe('routine');
    expect(chosen.value).toBeNull();
  });
});
