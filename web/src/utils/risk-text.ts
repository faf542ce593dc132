// Words for the server's risk-grading codes (GET /enterprises/{id}/risk): the reason of a colour
// change (`enterprise.create`, `enterprise.update`, `hazard.<action>:<id>`, `inspection:<id>`,
// `daily`) and a factor's value. The labels and points come from the server; the web keeps no
// copy of the scoring rule, only the words for the codes a person must never read as such.

type Translate = (key: string, params?: Record<string, unknown>) => string;
type Exists = (key: string) => boolean;

export interface ReasonText {
  text: string;
  /** The record behind the change, when the app has a page for it. */
  to?: string;
}

/** A colour change's reason in words, never the raw code. */
export function reasonText(reason: string, t: Translate, te: Exists): ReasonText {
  const [head = '', id = ''] = reason.split(':', 2);
  const recordId = /^\d+$/.test(id) ? id : '';
  if (head === 'daily') return { text: t('riskGrading.reason.daily') };
  if (head === 'enterprise.create') return { text: t('riskGrading.reason.enterpriseCreate') };
  if (head === 'enterprise.update') return { text: t('riskGrading.reason.enterpriseUpdate') };
  if (head === 'inspection') return { text: t('riskGrading.reason.inspection') };
  if (head.startsWith('hazard.')) {
    const action = head.slice('hazard.'.length);
    const key = `words.action.${action}`;
    const text = /^[a-z_]+$/.test(action) && te(key) ? t('riskGrading.reason.hazardAction', { action: t(key) }) : t('riskGrading.reason.hazard');
    return recordId ? { text, to: `/hazards/${recordId}` } : { text };
  }
  return { text: t('riskGrading.reason.other') };
}

/** A factor's value in words: yes for a tag, "not recorded" for an unknown, the number or code otherwise. */
export function factorValueText(value: string | number | boolean | null, t: Translate): string {
  if (value === null || value === undefined || value === '') return t('riskGrading.notRecorded');
  if (value === true) return t('riskGrading.yes');
  if (value === false) return t('riskGrading.no');
  return String(value);
}

/** The sum as a person checks it: "18 + 9 + 54 = 81". */
export function sumText(points: number[], score: number): string {
  return points.length ? `${points.join(' + ')} = ${score}` : String(score);
}
