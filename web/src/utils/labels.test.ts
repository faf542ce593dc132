// Words, not codes (issue 12 point 5): the label helpers, in the app's own zh-CN messages and in
// English, and the rule that every code the server can answer has a word in both locales.
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import zh from '@/locales/zh-CN.json';
import en from '@/locales/en-US.json';
import { HAZARD_STATUSES } from '@/api/types';
import {
  actionLabel,
  auditTargetLabel,
  auditTargetPath,
  codeLabel,
  entityLabel,
  industryLabel,
  personLabel,
  roleLabel,
  statusChange,
  type Translator,
} from './labels';

function translator(locale: 'zh-CN' | 'en-US'): Translator {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zh, 'en-US': en }, missingWarn: false, fallbackWarn: false });
  return { t: (key, named) => (named ? i18n.global.t(key, named) : i18n.global.t(key)), te: (key) => i18n.global.te(key) };
}
const ZH = translator('zh-CN');
const EN = translator('en-US');

// Every action the server writes into a hazard's history or the audit log, and every audited
// entity (src/services: HazardEvent actions, AuditChange entities and actions).
const SERVER_ACTIONS = [
  'create', 'confirm', 'reject', 'submit', 'approve', 'return', 'extend', 'assign', 'link', 'list', 'escalate', 'edit',
  'notice', 'update', 'login', 'logout', 'logout_all', 'password_set', 'password_change', 'disable', 'enable', 'purge',
  'enterprises', 'hazards', 'restore',
];
const SERVER_ENTITIES = ['hazard', 'enterprise', 'region', 'inspection', 'user', 'attachment', 'public_report', 'building', 'import', 'checklist_template', 'database'];
const ROLES = ['admin', 'town', 'village', 'inspector', 'enterprise'];

describe('labels', () => {
  it('names every action, entity, role and status in both languages', () => {
    for (const tr of [ZH, EN]) {
      for (const a of SERVER_ACTIONS) expect(actionLabel(a, tr), a).not.toBe(a);
      for (const e of SERVER_ENTITIES) expect(entityLabel(e, tr), e).not.toBe(e);
      for (const r of ROLES) expect(roleLabel(r, tr), r).not.toBe(r);
      for (const s of HAZARD_STATUSES) expect(codeLabel('status', s, tr), s).not.toBe(s);
    }
    expect(actionLabel('escalate', ZH)).toBe('逾期升级');
    expect(actionLabel('list', ZH)).toBe('挂牌督办');
    expect(actionLabel('login', ZH)).toBe('登录');
    expect(entityLabel('public_report', ZH)).toBe('群众举报');
  });

  it('shows a code it has no word for as it is, never blank', () => {
    expect(actionLabel('frobnicate', ZH)).toBe('frobnicate');
    expect(codeLabel('status', null, ZH)).toBe('—');
  });

  it('names a person with the role, and the system or the public without an actor', () => {
    expect(personLabel({ actor_id: 7, actor_name: '沈建国', actor_role: 'inspector' }, {}, ZH)).toBe('沈建国（网格员）');
    expect(personLabel({ actor_id: 7, actor_name: '沈建国', actor_role: 'inspector' }, {}, EN)).toBe('沈建国 (Grid inspector)');
    expect(personLabel({ actor_id: 7, actor_name: '沈建国', actor_role: null }, {}, ZH)).toBe('沈建国');
    expect(personLabel({ actor_id: 8, actor_name: '张芳', actor_role: 'village' }, {}, ZH)).toBe('张芳（村社干部）');
    expect(personLabel({ actor_id: null, actor_name: null }, {}, ZH)).toBe('系统');
    expect(personLabel({ actor_id: null, actor_name: null }, { public: true }, ZH)).toBe('群众');
  });

  it('shows a status change only when the status changed', () => {
    expect(statusChange('rectifying', 'rectifying', ZH)).toBeNull();
    expect(statusChange('rectifying', 'submitted', ZH)).toBe('整改中 → 待复查');
    expect(statusChange(null, 'reported', ZH)).toBe('→ 待确认');
  });

  it('names an audit target by its label, else by kind and number, never "#12"', () => {
    expect(auditTargetLabel({ entity: 'hazard', entity_id: 211, entity_label: '灭火器过期' }, ZH)).toBe('隐患《灭火器过期》');
    expect(auditTargetLabel({ entity: 'public_report', entity_id: 211, entity_label: null }, ZH)).toBe('群众举报（编号 211）');
    expect(auditTargetLabel({ entity: 'import', entity_id: 0 }, ZH)).toBe('导入');
    expect(auditTargetLabel({ entity: 'hazard', entity_id: 3, entity_label: 'x' }, EN)).toBe('Hazard “x”');
    for (const label of [auditTargetLabel({ entity: 'user', entity_id: 12 }, ZH), auditTargetLabel({ entity: 'user', entity_id: 12 }, EN)]) {
      expect(label).not.toMatch(/#\d/);
    }
  });

  it('links an audit target to its page where one exists', () => {
    expect(auditTargetPath({ entity: 'hazard', entity_id: 5 })).toBe('/hazards/5');
    expect(auditTargetPath({ entity: 'enterprise', entity_id: '9' })).toBe('/enterprises/9');
    expect(auditTargetPath({ entity: 'public_report', entity_id: 2, after: { hazard_id: 44 } })).toBe('/hazards/44');
    expect(auditTargetPath({ entity: 'user', entity_id: 2 })).toBeNull();
    expect(auditTargetPath({ entity: 'import', entity_id: 0 })).toBeNull();
  });

  it('names an industry by the name the server answered, else says the code is unknown', () => {
    const garment = { industry_code: '1810', industry_name: '机织服装制造', industry_name_en: 'Manufacture of woven apparel' };
    expect(industryLabel(garment, ZH, 'zh-CN')).toBe('机织服装制造（1810）');
    expect(industryLabel(garment, EN, 'en-US')).toBe('Manufacture of woven apparel (1810)');
    expect(industryLabel({ industry_code: '9999', industry_name: null }, ZH, 'zh-CN')).toBe('9999（未知行业）');
    expect(industryLabel({ industry_code: '' }, ZH, 'zh-CN')).toBe('—');
  });
});
