#!/usr/bin/env node
// A small in-memory stand-in for the C++ server, for front-end work and for trying the e2e
// harness before the real endpoints exist (E2E_SERVER=mock node e2e/run.mjs). It follows
// CONTRACT.md closely but is NOT the contract: the real binary is what the e2e run tests.
// Never used by the production build.
//   node mock/server.mjs --listen 127.0.0.1:8090 --web-dir dist
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const [host, port] = (args.listen ?? '127.0.0.1:8090').split(':');
const webDir = args['web-dir'] ?? 'dist';
const disabled = new Set((args.disable ?? '').split(',').filter(Boolean)); // e.g. --disable notifications,trend

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const days = (n) => new Date(Date.now() + n * 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---- data -------------------------------------------------------------------------------
const regions = [
  { id: 1, name: '匡堰镇', kind: 'town', code: '330282104', parent_id: null, responsible: { name: '王建国', phone: '13800000001' } },
  { id: 2, name: '倡隆村', kind: 'village', code: '330282104201', parent_id: 1, responsible: { name: '李明', phone: '13800000002' } },
  { id: 3, name: '乐安湖村', kind: 'village', code: '330282104202', parent_id: 1, responsible: { name: '陈芳', phone: '13800000003' } },
  { id: 4, name: '倡隆村第一网格', kind: 'grid', code: '330282104201-01', parent_id: 2, responsible: { name: '张伟', phone: '13800000004' } },
  { id: 5, name: '倡隆村第二网格', kind: 'grid', code: '330282104201-02', parent_id: 2, responsible: { name: '赵丽', phone: '13800000005' } },
  { id: 6, name: '乐安湖村第一网格', kind: 'grid', code: '330282104202-01', parent_id: 3, responsible: { name: '孙强', phone: '13800000006' } },
];
const ent = (id, name, grid_id, tags, risk_level, address, lat, lng) => ({
  id, name, credit_code: `91330282MA2${String(id).padStart(7, '0')}`, grid_id, address, industry_code: 'C1810', employees: 10 + id * 3,
  tags, lat, lng, contact_name: `联系人${id}`, contact_phone: `1390000${String(id).padStart(4, '0')}`, risk_level, version: 1,
});
const enterprises = [
  ent(1, '慈溪市匡堰恒达服装厂', 4, ['three_in_one', 'group_rented'], 'red', '匡堰镇倡隆村工业路18号', 30.1801, 121.3202),
  ent(2, '慈溪市美衣针织有限公司', 4, ['group_rented'], 'orange', '匡堰镇倡隆村工业路18号', 30.1802, 121.3203),
  ent(3, '匡堰镇新星制衣加工点', 4, ['three_in_one'], 'yellow', '匡堰镇倡隆村新街5号', 30.1811, 121.3221),
  ent(4, '慈溪市锦华服饰有限公司', 5, ['key_unit'], 'blue', '匡堰镇倡隆村东路66号', 30.1755, 121.3301),
  ent(5, '慈溪市宏利五金厂', 5, ['dust'], 'orange', '匡堰镇倡隆村东路70号', 30.1760, 121.3310),
  ent(6, '乐安湖纺织有限公司', 6, ['hazardous_chemicals', 'key_unit'], 'red', '匡堰镇乐安湖村湖滨路1号', 30.1650, 121.3400),
  ent(7, '慈溪市乐安服装辅料厂', 6, [], 'yellow', '匡堰镇乐安湖村湖滨路9号', 30.1655, 121.3410),
  ent(8, '慈溪市匡堰精工机械厂', 6, ['confined_space'], 'blue', '匡堰镇乐安湖村工业区3号', 30.1660, 121.3420),
];
const passwords = new Map(); // of the users made through POST /users; the demo's is demo1234
const users = [
  { id: 1, username: 'admin', role: 'admin', region_id: null, enterprise_id: null },
  { id: 2, username: 'town', role: 'town', region_id: 1, enterprise_id: null },
  { id: 3, username: 'village1', role: 'village', region_id: 2, enterprise_id: null },
  { id: 4, username: 'inspector1', role: 'inspector', region_id: 4, enterprise_id: null },
  { id: 5, username: 'enterprise1', role: 'enterprise', region_id: 4, enterprise_id: 1 },
];
// The server's shapes: integer ids with the standards' own ids as `code`, title / title_en, text / text_en.
const checklists = [
  {
    id: 101, code: 'fire-small-workshop', title: '小微企业消防安全检查表', title_en: 'Fire safety checklist for small workshops',
    items: [
      { id: 102, code: 'FS-EVA-01', text: '疏散通道、安全出口畅通，无堵塞、锁闭', text_en: 'Escape routes and exits clear, not blocked or locked', category: 'evacuation', severity: 'major' },
      { id: 103, code: 'FS-ACC-01', text: '生产、储存、经营场所与员工宿舍不在同一建筑内（无“三合一”）', text_en: 'No staff dormitory in the building (no three-in-one)', category: 'three_in_one', severity: 'major' },
      { id: 104, code: 'FS-EXT-01', text: '灭火器配置齐全且在有效期内', text_en: 'Extinguishers present and in date', category: 'extinguisher', severity: 'general' },
      { id: 105, code: 'FS-ELE-01', text: '电气线路敷设规范，无私拉乱接', text_en: 'Wiring installed properly, no improvised cables', category: 'electrical', severity: 'general' },
    ],
  },
  { id: 106, code: 'confined-space', title: '有限空间作业检查表', title_en: 'Confined space work', items: [{ id: 107, code: 'CS-01', text: '有限空间作业审批手续齐全', text_en: 'Confined space work permits in order', category: 'other', severity: 'general' }] },
];
let hazardSeq = 0;
const hazards = [];
function addHazard(fields, actor = 2) {
  const h = {
    id: ++hazardSeq, enterprise_id: null, title: '', description: '', severity: 'general', category: 'other', status: 'rectifying', due_at: null,
    attachments: [], created_at: now(), updated_at: now(), version: 1, history: [], ...fields,
  };
  h.history.push({ action: 'create', from: null, to: h.status, actor_id: actor, at: h.created_at, comment: null, attachments: h.attachments });
  hazards.push(h);
  return h;
}
addHazard({ enterprise_id: 1, title: '疏散通道堆放布料', description: '一楼通道堆满布料卷，宽度不足 1 米', severity: 'general', due_at: days(-3), created_at: days(-20) });
addHazard({ enterprise_id: 1, title: '员工宿舍设在生产车间楼上', description: '三楼住人，二楼生产', severity: 'major', due_at: days(10), created_at: days(-5) });
addHazard({ enterprise_id: 2, title: '灭火器过期', description: '4 具灭火器压力不足', due_at: days(5), status: 'submitted', created_at: days(-12) });
addHazard({ enterprise_id: 3, title: '私拉电线', description: '缝纫机电源线私接', due_at: days(-1), created_at: days(-15) });
addHazard({ enterprise_id: 4, title: '应急照明损坏', description: '二楼应急灯不亮', status: 'closed', due_at: days(-30), created_at: days(-60) });
addHazard({ enterprise_id: 6, title: '危化品储存不规范', description: '稀释剂与布料混放', severity: 'major', due_at: days(-2), created_at: days(-40) });
addHazard({ enterprise_id: 7, title: '消防栓被遮挡', description: '货架挡住消防栓', status: 'closed', due_at: days(-10), created_at: days(-45) });
addHazard({ enterprise_id: null, title: '群众举报：厂房住人', description: '乐安湖村湖滨路一厂房夜间有人居住', status: 'reported', created_at: days(-1) });
const reports = new Map(); // tracking code → hazard id
const attachments = new Map();
const audit = [];
const sessions = new Map();
const csrfTokens = new Map(); // session token → its CSRF token
const idempotent = new Map();
const notifications = [
  { id: 1, user_id: 5, title: '整改期限已过', body: '隐患“疏散通道堆放布料”已逾期', hazard_id: 1, created_at: days(-1), read_at: null },
  { id: 2, user_id: 4, title: '有整改待复查', body: '慈溪市美衣针织有限公司提交了整改', hazard_id: 3, created_at: days(-2), read_at: null },
];

// ---- helpers ----------------------------------------------------------------------------
const childrenOf = (id) => regions.filter((r) => r.parent_id === id);
const subtree = (id) => [id, ...childrenOf(id).flatMap((c) => subtree(c.id))];
const regionOfEnterprise = (id) => enterprises.find((e) => e.id === id)?.grid_id;
const hazardRegion = (h) => (h.enterprise_id ? regionOfEnterprise(h.enterprise_id) : 1);
function scopeRegions(user) {
  if (user.role === 'admin' || user.role === 'town') return subtree(1);
  if (user.role === 'village' || user.role === 'inspector') return subtree(user.region_id);
  return [];
}
const seesEnterprise = (user, e) => (user.role === 'enterprise' ? e.id === user.enterprise_id : scopeRegions(user).includes(e.grid_id));
const seesHazard = (user, h) => (user.role === 'enterprise' ? h.enterprise_id === user.enterprise_id : scopeRegions(user).includes(hazardRegion(h)) && (h.enterprise_id !== null || ['town', 'admin'].includes(user.role)));
const overdue = (h) => h.status === 'rectifying' && h.due_at !== null && h.due_at < now();
const view = (h) => ({ ...h, overdue: overdue(h), enterprise_name: enterprises.find((e) => e.id === h.enterprise_id)?.name, region_id: hazardRegion(h) });
const page = (all, q) => {
  const p = Math.max(1, Number(q.get('page') ?? 1));
  const size = Math.min(200, Math.max(1, Number(q.get('page_size') ?? 20)));
  return { items: all.slice((p - 1) * size, p * size), total: all.length, page: p, page_size: size };
};
const zh = (req) => !(req.headers['accept-language'] ?? '').toLowerCase().startsWith('en');
const fail = (status, code, zhText, enText, fields) => ({ status, body: { error: { code, message: '', fields: fields ?? {} }, texts: [zhText, enText] } });
function tree(ids) {
  const visible = regions.filter((r) => ids.includes(r.id));
  const build = (r) => ({ ...r, children: visible.filter((c) => c.parent_id === r.id).map(build) });
  return visible.filter((r) => !ids.includes(r.parent_id)).map(build);
}
function figures(hs, es) {
  const by_status = { reported: 0, rectifying: 0, submitted: 0, closed: 0, rejected: 0 };
  const by_severity = { general: 0, major: 0 };
  let od = 0, onTime = 0;
  for (const h of hs) {
    by_status[h.status]++;
    by_severity[h.severity]++;
    if (overdue(h)) od++;
    if (h.status === 'closed' && (!h.due_at || h.updated_at <= h.due_at)) onTime++;
  }
  const base = hs.length - by_status.rejected - by_status.reported;
  const by_risk_level = { red: 0, orange: 0, yellow: 0, blue: 0 };
  for (const e of es) if (e.risk_level) by_risk_level[e.risk_level]++;
  return {
    hazards: { total: hs.length, by_status, by_severity, overdue: od },
    rectification_rate: base ? by_status.closed / base : null,
    on_time_rate: by_status.closed ? onTime / by_status.closed : null,
    enterprises: { total: es.length, by_risk_level },
  };
}
function record(user, action, entity, entity_id, before, after) {
  const prev = audit[audit.length - 1]?.hash ?? '';
  const at = now();
  const hash = createHash('sha256').update(prev + JSON.stringify({ at, action, entity, entity_id, after })).digest('hex');
  audit.push({ id: audit.length + 1, at, actor_id: user?.id ?? null, actor_name: user?.username, action, entity, entity_id, before, after, hash });
}

const transitions = {
  confirm: { from: 'reported', to: 'rectifying', roles: ['town', 'village', 'inspector'] },
  reject: { from: 'reported', to: 'rejected', roles: ['town', 'village', 'inspector'] },
  submit: { from: 'rectifying', to: 'submitted', roles: ['enterprise', 'inspector'] },
  approve: { from: 'submitted', to: 'closed', roles: ['town', 'village', 'inspector'] },
  return: { from: 'submitted', to: 'rectifying', roles: ['town', 'village', 'inspector'] },
  extend: { from: 'rectifying', to: 'rectifying', roles: ['town', 'village'] },
  assign: { from: 'reported', to: 'reported', roles: ['town', 'village'] },
};

// ---- API --------------------------------------------------------------------------------
async function api(req, path, q, body, user) {
  const m = req.method;
  const id = Number(path.split('/')[2]);
  if (m === 'POST' && path === '/auth/login') {
    const u = users.find((x) => x.username === body?.username);
    if (!u || body?.password !== (passwords.get(u.id) ?? 'demo1234')) return fail(401, 'bad_credentials', '用户名或密码错误', 'Wrong username or password');
    const token = randomBytes(16).toString('hex');
    const csrf = randomBytes(16).toString('hex');
    sessions.set(token, u.id);
    csrfTokens.set(token, csrf);
    return { status: 200, body: { token, csrf_token: csrf, user: u, expires_at: new Date(Date.now() + 8 * 3600e3).toISOString() }, cookie: token, csrf };
  }
  if (path.startsWith('/public/')) {
    if (m === 'POST' && path === '/public/reports') {
      if (!body?.description || String(body.description).trim().length < 2) return fail(422, 'validation_failed', '请填写问题描述', 'Describe the problem', { description: '必填 / required' });
      const h = addHazard({ title: String(body.description).slice(0, 30), description: body.description, status: 'reported', attachments: body.attachments ?? [] }, null);
      const code = randomBytes(4).toString('hex').toUpperCase();
      reports.set(code, h.id);
      return { status: 201, body: { tracking_code: code } };
    }
    if (m === 'POST' && path === '/public/attachments') {
      const type = req.headers['content-type'];
      if (!['image/jpeg', 'image/png', 'image/webp'].includes(type)) return fail(415, 'unsupported_media_type', '不支持的文件类型', 'Unsupported type');
      const aid = attachments.size + 1;
      attachments.set(aid, { type, data: body });
      return { status: 201, body: { id: aid } };
    }
    const code = decodeURIComponent(path.split('/')[3] ?? '');
    if (m === 'GET' && reports.has(code)) {
      const h = hazards.find((x) => x.id === reports.get(code));
      if (path.endsWith('/reply')) {
        // The reject's or closing approve's comment, as the server answers it.
        const last = [...(h.history ?? [])].reverse().find((e) => e.to === h.status);
        const reason = ['rejected', 'closed'].includes(h.status) && last && ['reject', 'approve'].includes(last.action) ? last.comment ?? null : null;
        return { status: 200, body: { status: h.status, reason, updated_at: h.updated_at } };
      }
      return { status: 200, body: { status: h.status, updated_at: h.updated_at } };
    }
    return fail(404, 'not_found', '没有这个查询码', 'No report with this code');
  }
  if (m === 'POST' && path === '/attachments' && !user) return fail(401, 'unauthenticated', '请先登录', 'Please log in');
  if (!user) return fail(401, 'unauthenticated', '请先登录', 'Please log in');
  if (m === 'POST' && path === '/auth/logout') {
    sessions.delete(req.sessionToken);
    csrfTokens.delete(req.sessionToken);
    return { status: 204, clearCookies: true };
  }
  if (m === 'GET' && path === '/me') return { status: 200, body: req.sessionCsrf ? { ...user, csrf_token: req.sessionCsrf } : user };
  if (m === 'GET' && path === '/regions') return { status: 200, body: tree(scopeRegions(user)) };
  if (m === 'GET' && /^\/regions\/\d+$/.test(path)) {
    if (!scopeRegions(user).includes(id)) return fail(404, 'not_found', '未找到', 'Not found');
    return { status: 200, body: { ...regions.find((r) => r.id === id), version: 1, children: childrenOf(id) } };
  }
  if (m === 'GET' && path === '/enterprises') {
    let list = enterprises.filter((e) => seesEnterprise(user, e));
    if (q.get('region_id')) list = list.filter((e) => subtree(Number(q.get('region_id'))).includes(e.grid_id));
    if (q.get('q')) list = list.filter((e) => [e.name, e.credit_code, e.address].some((s) => s.includes(q.get('q'))));
    if (q.get('tag')) list = list.filter((e) => e.tags.includes(q.get('tag')));
    if (q.get('risk_level')) list = list.filter((e) => e.risk_level === q.get('risk_level'));
    return { status: 200, body: page(list, q) };
  }
  if (m === 'GET' && /^\/enterprises\/\d+$/.test(path)) {
    const e = enterprises.find((x) => x.id === id);
    return e && seesEnterprise(user, e) ? { status: 200, body: e } : fail(404, 'not_found', '未找到', 'Not found');
  }
  if (m === 'GET' && path === '/hazards') {
    let list = hazards.filter((h) => seesHazard(user, h));
    if (q.get('region_id')) list = list.filter((h) => subtree(Number(q.get('region_id'))).includes(hazardRegion(h)));
    if (q.get('enterprise_id')) list = list.filter((h) => h.enterprise_id === Number(q.get('enterprise_id')));
    if (q.get('status')) list = list.filter((h) => h.status === q.get('status'));
    if (q.get('severity')) list = list.filter((h) => h.severity === q.get('severity'));
    if (q.get('overdue') === 'true') list = list.filter(overdue);
    const p = page(list.slice().reverse(), q);
    return { status: 200, body: { ...p, items: p.items.map(({ history, ...h }) => view(h)) } };
  }
  if (m === 'GET' && /^\/hazards\/\d+\/notice\.pdf$/.test(path)) {
    const h = hazards.find((x) => x.id === id);
    return h && seesHazard(user, h) ? { status: 200, raw: Buffer.from('%PDF-1.4 mock notice'), type: 'application/pdf' } : fail(404, 'not_found', '未找到', 'Not found');
  }
  if (m === 'GET' && path === '/hazards/export.xlsx') return { status: 200, raw: Buffer.from('PK\x03\x04 mock'), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  if (m === 'GET' && /^\/hazards\/\d+$/.test(path)) {
    const h = hazards.find((x) => x.id === id);
    return h && seesHazard(user, h) ? { status: 200, body: view(h) } : fail(404, 'not_found', '未找到', 'Not found');
  }
  if (m === 'POST' && path === '/hazards') {
    const e = enterprises.find((x) => x.id === body?.enterprise_id);
    const fields = {};
    if (!e || !seesEnterprise(user, e)) fields.enterprise_id = '企业不存在';
    if (!body?.title) fields.title = '必填';
    if (user.role !== 'enterprise' && !body?.due_at) fields.due_at = '必填';
    if (Object.keys(fields).length) return fail(422, 'validation_failed', '请检查填写内容', 'Check the form', fields);
    const h = addHazard({ ...body, status: user.role === 'enterprise' ? 'reported' : 'rectifying', due_at: body.due_at ?? null }, user.id);
    record(user, 'hazard.create', 'hazard', h.id, null, { status: h.status });
    return { status: 201, body: view(h) };
  }
  if (m === 'POST' && /^\/hazards\/\d+\/actions$/.test(path)) {
    const h = hazards.find((x) => x.id === id);
    if (!h || !seesHazard(user, h)) return fail(404, 'not_found', '未找到', 'Not found');
    const t = transitions[body?.action];
    if (!t || t.from !== h.status) return fail(409, 'invalid_transition', '当前状态不能执行此操作', 'Not possible in this state');
    let roles = t.roles;
    if ((body.action === 'approve' || body.action === 'return') && h.severity === 'major') roles = ['town'];
    if (!roles.includes(user.role)) return fail(403, 'forbidden', '无权执行此操作', 'Not allowed');
    const fields = {};
    if (body.action === 'confirm' && !body.due_at) fields.due_at = '必填 / required';
    if (['reject', 'return', 'extend'].includes(body.action) && !body.comment) fields.comment = '必填 / required';
    if (body.action === 'submit' && !body.comment && !body.attachments?.length) fields.comment = '请填写说明或上传照片';
    if (body.action === 'extend' && (!body.due_at || (h.due_at && body.due_at <= h.due_at))) fields.due_at = '新期限须晚于原期限';
    if (Object.keys(fields).length) return fail(422, 'validation_failed', '请检查填写内容', 'Check the form', fields);
    const before = h.status;
    if (body.due_at) h.due_at = body.due_at;
    if (body.severity) h.severity = body.severity;
    if (body.enterprise_id) h.enterprise_id = body.enterprise_id;
    h.status = t.to;
    h.updated_at = now();
    h.version++;
    h.history.push({ action: body.action, from: before, to: h.status, actor_id: user.id, actor_name: user.username, at: h.updated_at, comment: body.comment ?? null, attachments: body.attachments ?? [] });
    record(user, `hazard.${body.action}`, 'hazard', h.id, { status: before }, { status: h.status });
    return { status: 200, body: view(h) };
  }
  if (m === 'GET' && path === '/checklists') return { status: 200, body: checklists };
  if (m === 'POST' && path === '/inspections') {
    const e = enterprises.find((x) => x.id === body?.enterprise_id);
    const c = checklists.find((x) => x.id === body?.checklist_id);
    if (!e || !c || !seesEnterprise(user, e)) return fail(422, 'validation_failed', '企业或检查表无效', 'Bad enterprise or checklist', { enterprise_id: 108, code: 'x' });
    const ids = [];
    for (const item of body.items ?? []) {
      if (item.result !== 'fail') continue;
      const ci = c.items.find((x) => x.id === item.item_id);
      ids.push(addHazard({ enterprise_id: e.id, title: ci?.text ?? '检查不合格项', description: item.note ?? ci?.text ?? '', severity: ci?.severity ?? 'general', due_at: days(7), attachments: item.attachments ?? [] }, user.id).id);
    }
    record(user, 'inspection.create', 'inspection', ids[0] ?? 0, null, { enterprise_id: e.id, hazard_ids: ids });
    return { status: 201, body: { id: audit.length, hazard_ids: ids } };
  }
  if (m === 'GET' && path === '/inspections') return { status: 200, body: page([], q) };
  if (m === 'POST' && path === '/attachments') {
    const type = req.headers['content-type'];
    if (!['image/jpeg', 'image/png', 'image/webp', 'application/pdf'].includes(type)) return fail(415, 'unsupported_media_type', '不支持的文件类型', 'Unsupported type');
    const aid = attachments.size + 1;
    attachments.set(aid, { type, data: body });
    return { status: 201, body: { id: aid, sha256: createHash('sha256').update(body).digest('hex'), size: body.length } };
  }
  if (m === 'GET' && /^\/attachments\/\d+$/.test(path) && attachments.has(id)) {
    const a = attachments.get(id);
    return { status: 200, raw: a.data, type: a.type };
  }
  if (m === 'GET' && path === '/stats/overview') {
    const rid = Number(q.get('region_id') ?? scopeRegions(user)[0]);
    const ids = subtree(rid).filter((r) => scopeRegions(user).includes(r));
    return { status: 200, body: figures(hazards.filter((h) => seesHazard(user, h) && ids.includes(hazardRegion(h))), enterprises.filter((e) => ids.includes(e.grid_id))) };
  }
  if (m === 'GET' && path === '/stats/regions') {
    const pid = Number(q.get('parent_id') ?? scopeRegions(user)[0]);
    const rows = childrenOf(pid).map((r) => {
      const ids = subtree(r.id);
      return { region: { id: r.id, name: r.name, kind: r.kind }, direct: false, ...figures(hazards.filter((h) => seesHazard(user, h) && ids.includes(hazardRegion(h))), enterprises.filter((e) => ids.includes(e.grid_id))) };
    });
    const direct = hazards.filter((h) => seesHazard(user, h) && hazardRegion(h) === pid);
    const p = regions.find((r) => r.id === pid);
    if (direct.length) rows.push({ region: { id: p.id, name: p.name, kind: p.kind }, direct: true, ...figures(direct, []) });
    return { status: 200, body: rows };
  }
  if (m === 'GET' && path === '/stats/trend' && !disabled.has('trend')) {
    const months = [];
    for (let i = 5; i >= 0; i--) {
      const d = new Date();
      d.setMonth(d.getMonth() - i);
      months.push({ month: d.toISOString().slice(0, 7), found: 3 + i, closed: 2 + (i % 3) });
    }
    return { status: 200, body: months };
  }
  if (m === 'GET' && path === '/audit') {
    if (!['town', 'admin'].includes(user.role)) return fail(403, 'forbidden', '无权查看', 'Not allowed');
    return { status: 200, body: page(audit.slice().reverse(), q) };
  }
  if (m === 'GET' && path === '/notifications' && !disabled.has('notifications')) return { status: 200, body: page(notifications.filter((n) => n.user_id === user.id && (q.get('unread') !== 'true' || !n.read_at)), q) };
  if (m === 'POST' && /^\/notifications\/\d+\/read$/.test(path)) {
    const n = notifications.find((x) => x.id === id && x.user_id === user.id);
    if (n) n.read_at = now();
    return n ? { status: 200, body: n } : fail(404, 'not_found', '未找到', 'Not found');
  }
  if (m === 'POST' && path === '/notifications/read-all') {
    for (const n of notifications) if (n.user_id === user.id && !n.read_at) n.read_at = now();
    return { status: 204 };
  }
  if (path === '/users') {
    if (!['town', 'admin'].includes(user.role)) return fail(403, 'forbidden', '无权查看', 'Not allowed');
    if (m === 'GET') return { status: 200, body: page(users, q) };
    const fields = {};
    if (!/^[A-Za-z0-9_.-]{3,32}$/.test(body?.username ?? '')) fields.username = '3–32 位字母、数字或 _ . -';
    if (String(body?.password ?? '').length < 8) fields.password = '至少 8 个字符';
    const kind = { town: 'town', village: 'village', inspector: 'grid' }[body?.role];
    if (!['admin', 'town', 'village', 'inspector', 'enterprise'].includes(body?.role)) fields.role = '角色无效';
    else if (kind && !body.region_id) fields.region_id = '必填';
    else if (kind && regions.find((r) => r.id === body.region_id)?.kind !== kind) fields.region_id = `须为${kind}`;
    if (Object.keys(fields).length) return fail(422, 'validation_failed', '输入有误，请检查标注的字段', 'Some fields are invalid', fields);
    if (users.some((u) => u.username === body.username)) return fail(409, 'username_taken', '用户名已被使用', 'This username is taken');
    const u = { id: users.length + 1, username: body.username, role: body.role, region_id: body.region_id ?? null, enterprise_id: body.enterprise_id ?? null, display_name: body.display_name ?? '', created_at: now() };
    users.push(u);
    passwords.set(u.id, body.password);
    return { status: 201, body: u };
  }
  return fail(404, 'not_found', '接口不存在', 'No such endpoint');
}

// (method, path) pairs the mock answers: unknown paths are 404, known ones with another method 405.
const routes = [
  ['POST', /^\/auth\/login$/], ['POST', /^\/auth\/logout$/], ['GET', /^\/me$/],
  ['GET', /^\/regions$/], ['GET', /^\/regions\/\d+$/],
  ['GET', /^\/enterprises$/], ['GET', /^\/enterprises\/\d+$/],
  ['GET', /^\/hazards$/], ['POST', /^\/hazards$/], ['GET', /^\/hazards\/export\.xlsx$/], ['GET', /^\/hazards\/\d+\/notice\.pdf$/], ['GET', /^\/hazards\/\d+$/], ['POST', /^\/hazards\/\d+\/actions$/],
  ['GET', /^\/checklists$/], ['GET', /^\/inspections$/], ['POST', /^\/inspections$/],
  ['POST', /^\/attachments$/], ['GET', /^\/attachments\/\d+$/],
  ['POST', /^\/public\/reports$/], ['GET', /^\/public\/reports\/[^/]+$/],
  ['GET', /^\/stats\/overview$/], ['GET', /^\/stats\/regions$/], ['GET', /^\/stats\/trend$/],
  ['GET', /^\/audit$/], ['GET', /^\/notifications$/], ['POST', /^\/notifications\/\d+\/read$/], ['POST', /^\/notifications\/read-all$/],
  ['GET', /^\/users$/], ['POST', /^\/users$/], ['POST', /^\/public\/attachments$/],
].filter(([, re]) => !(disabled.has('trend') && String(re).includes('trend')) && !(disabled.has('notifications') && String(re).includes('notifications')));

// ---- HTTP -------------------------------------------------------------------------------
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

function serveStatic(req, res, path) {
  const root = normalize(webDir);
  let file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': file.includes('/assets/') ? 'max-age=31536000, immutable' : 'no-cache' });
  res.end(readFileSync(file));
}

createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/healthz') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
  if (!url.pathname.startsWith('/api/')) return serveStatic(req, res, url.pathname);
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks);
    const isJson = (req.headers['content-type'] ?? '').startsWith('application/json');
    let body = raw;
    if (isJson) {
      try {
        body = raw.length ? JSON.parse(raw) : undefined;
      } catch {
        return res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":{"code":"malformed","message":"bad json","fields":{}}}');
      }
    }
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const cookie = /sg_session=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
    const user = users.find((u) => u.id === sessions.get(bearer || cookie));
    req.sessionToken = bearer || cookie;
    // As the real server: a write authenticated by the cookie must echo its CSRF token.
    if (!bearer && cookie && user) {
      req.sessionCsrf = csrfTokens.get(cookie);
      if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers['x-csrf-token'] !== req.sessionCsrf) {
        console.log(`csrf_failed ${req.method} ${url.pathname}`);
        return res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"error":{"code":"csrf_failed","message":"CSRF token missing or wrong","fields":{}}}');
      }
    }
    const path = url.pathname.slice('/api/v1'.length);
    const matching = url.pathname.startsWith('/api/v1/') ? routes.filter(([, re]) => re.test(path)) : [];
    if (!matching.length) return res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"code":"not_found","message":"no such endpoint","fields":{}}}');
    if (!matching.some(([m]) => m === req.method)) return res.writeHead(405, { 'Content-Type': 'application/json', Allow: matching.map(([m]) => m).join(', ') }).end('{"error":{"code":"method_not_allowed","message":"method not allowed","fields":{}}}');
    const key = req.method === 'POST' ? req.headers['idempotency-key'] : undefined;
    const memo = key ? `${user?.id ?? 'anon'}:${key}` : null;
    let out = memo && idempotent.get(memo);
    if (!out) {
      out = await api(req, path, url.searchParams, body, user);
      if (memo && out.status < 500) idempotent.set(memo, out);
    }
    const headers = {};
    if (out.clearCookies) headers['Set-Cookie'] = ['sg_session=; HttpOnly; Path=/; Max-Age=0', 'sg_csrf=; Path=/; Max-Age=0'];
    if (out.cookie) headers['Set-Cookie'] = [`sg_session=${out.cookie}; HttpOnly; Path=/; SameSite=Lax`, `sg_csrf=${out.csrf}; Path=/; SameSite=Lax`];
    if (out.raw) return res.writeHead(out.status, { ...headers, 'Content-Type': out.type }).end(out.raw);
    if (out.status === 204) return res.writeHead(204, headers).end();
    let payload = out.body;
    if (payload?.texts) payload = { error: { ...payload.error, message: zh(req) ? payload.texts[0] : payload.texts[1] } };
    res.writeHead(out.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
  });
}).listen(Number(port), host, () => console.log(`mock server on http://${host}:${port} (web: ${webDir})`));
