import { encodeActionRef } from '../../../../cards/src/actionRef';
import { authAs } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import { hazardsModule } from './hazardsModule';
import { SandboxUser, uploadPhoto, waitFor } from './hazardTestKit';

describe.each(DB_KINDS)('hazard chat through the Sandbox on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ kind, modules: [hazardsModule] });
  });
  afterAll(async () => {
    await s?.close();
  });

  const evidenceCount = async (code: string, evKind: string) =>
    (await s.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence_events e JOIN hazards h ON h.id::text = e.subject_id WHERE h.code = $1 AND e.kind = $2`, [code, evKind])).rows[0].n;

  it('reports by text + location + photo, then rectify → return (reason in chat) → rectify → approve once', async () => {
    const reporter = new SandboxUser(s, 'zhangwei');
    const assignee = new SandboxUser(s, 'zhoujie');
    const reviewer = new SandboxUser(s, 'zhaolei');

    await reporter.say('3号配电箱未上锁');
    await reporter.text('现场照片');
    // A point inside the synthesis building's fence, in GCJ-02 as WeCom sends it.
    await reporter.location(118.803, 31.9025, 'GCJ-02');
    await reporter.text('合成车间');
    await reporter.photo();
    const draft = await reporter.card('hazard.draft');
    expect(draft.body.selects?.find((x) => x.id === 'area')?.selectedIds).toEqual(['synthesis']);
    expect(draft.body.selects?.find((x) => x.id === 'category')?.selectedIds).toEqual(['elec_box_unlocked']);
    await reporter.click(draft, 'submit', { area: ['synthesis'], category: ['elec_box_unlocked'] });
    const confirm = await reporter.text('隐患已上报');
    const code = /YH-\d{8}-\d{4}/.exec(confirm.body.text ?? '')?.[0] as string;
    expect(code).toBeDefined();
    expect(confirm.body.text).toContain('周杰');
    await reporter.card('hazard.draft', (l) => l.body.status === `已上报 · ${code}`);
    // Submitting the same draft again has no second effect.
    await reporter.click(draft, 'submit', { area: ['synthesis'], category: ['elec_box_unlocked'] });
    await reporter.text('该隐患已上报');
    expect((await s.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hazards')).rows[0].n).toBe(1);
    // The area's group gets a notice.
    await waitFor(async () => (await reporter.lines()).find((l) => l.kind === 'markdown' && l.body.title === `新隐患 ${code}`), 'group notice');

    const task = await assignee.card('hazard.assignment');
    expect(task.body.buttons?.map((b) => b.label)).toEqual(['接受任务', '已整改', '转交代办']);
    await assignee.click(task, '已整改');
    await assignee.text('整改后的现场照片');
    await assignee.say('已更换挂锁');
    await assignee.text('已记录整改说明');
    await assignee.photo(6);
    await assignee.text('等待验收');

    const verify = await reviewer.card('hazard.verification');
    await reviewer.click(verify, '退回整改');
    await reviewer.text('退回');
    await reviewer.say('锁具不是防爆型');
    await reviewer.text(`已退回 ${code}`);
    const returned = await assignee.card('hazard.returned');
    expect(returned.body.fields?.length).toBeGreaterThan(0);
    await assignee.click(returned, '已整改');
    await assignee.text('整改后的现场照片');
    await assignee.photo(8);
    await assignee.text('等待验收');

    const verify2 = await reviewer.card('hazard.verification', (l) => !l.body.finished && l.id !== verify.id);
    await reviewer.click(verify2, '验收通过');
    await reviewer.text(`已验收通过 ${code}`);
    await reviewer.click(verify2, '验收通过');
    await reviewer.text('该隐患已销号');
    expect(await evidenceCount(code, 'hazard.approve')).toBe(1);
    expect(await evidenceCount(code, 'hazard.return')).toBe(1);
    await reporter.card('hazard.closed');
    // Earlier cards now show the status instead of buttons.
    await assignee.card('hazard.assignment', (l) => l.id === task.id && l.body.finished === true);
  });

  it('keeps a photo and a text sent at the same moment in one draft', async () => {
    const u = new SandboxUser(s, 'huangmin');
    await Promise.all([u.photo(21), u.say('仓库灭火器过期')]);
    const draft = await u.card('hazard.draft');
    expect(draft.body.fields).toEqual([{ label: '描述', value: '仓库灭火器过期' }, { label: '照片', value: '1' }]);
    expect((await u.dm()).filter((l) => l.body.kind === 'hazard.draft')).toHaveLength(1);
  });

  it('answers a photo alone with a request for the description, and lets "取消" drop the draft', async () => {
    const u = new SandboxUser(s, 'xulin');
    await u.photo(11);
    await u.text('请用一句话描述');
    await u.say('取消');
    await u.text('已取消');
    await u.say('你好');
    // A greeting is not a report: the generic help answers, and no draft card comes.
    await u.text('安全生产助手');
    expect((await u.dm()).filter((l) => l.body.kind === 'hazard.draft')).toHaveLength(0);
  });

  it('lets a safety officer confirm or change the grade from the assessment card', async () => {
    const u = new SandboxUser(s, 'xulin');
    await u.say('精馏塔T-201 法兰滴漏');
    await u.photo(13);
    await u.click(await u.card('hazard.draft'), 'submit', { area: ['distillation'], category: ['leak_flange'] });
    const code = /YH-\d{8}-\d{4}/.exec((await u.text('隐患已上报')).body.text ?? '')?.[0] as string;
    const officer = new SandboxUser(s, 'heping');
    const triage = await officer.card('hazard.triage', (l) => (l.body.title ?? '').includes(code));
    expect(triage.body.selects?.[0].selectedIds).toEqual(['general']);
    await officer.click(triage, '确定等级', { grade: ['general'] });
    await officer.text(`已确认 ${code}`);
    await officer.click(triage, '确定等级', { grade: ['major'] });
    await officer.text(`已将 ${code} 定为重大隐患`);
    const assignee = new SandboxUser(s, 'liqiang');
    await assignee.card('hazard.major_elements_required', (l) => (l.body.title ?? '').includes(code));
    // The plant manager, who leads the treatment plan (五落实), is asked to record it.
    await new SandboxUser(s, 'liuyang').card('hazard.major_elements_required', (l) => (l.body.title ?? '').includes(code));
    const row = (await s.testDb.db.query<{ grade: string; major_flagged: boolean; equipment_tag: string }>('SELECT grade, major_flagged, equipment_tag FROM hazards WHERE code = $1', [code])).rows[0];
    expect(row).toEqual({ grade: 'major', major_flagged: true, equipment_tag: 'T-201' });
  });

  it('lets a safety officer reject a report from the assessment card, with the reason typed in chat', async () => {
    const u = new SandboxUser(s, 'luogang');
    await u.say('精馏区地面有水渍');
    await u.photo(17);
    await u.click(await u.card('hazard.draft'), 'submit', { area: ['distillation'], category: ['leak_flange'] });
    const code = /YH-\d{8}-\d{4}/.exec((await u.text('隐患已上报')).body.text ?? '')?.[0] as string;
    const officer = new SandboxUser(s, 'heping');
    const triage = await officer.card('hazard.triage', (l) => (l.body.title ?? '').includes(code));
    expect(triage.body.buttons?.map((b) => b.label)).toEqual(['确定等级', '驳回（非隐患）']);
    // Every hazard card opens the H5 detail page (photos, history).
    const hazardId = (await s.testDb.db.query<{ id: string }>('SELECT id FROM hazards WHERE code = $1', [code])).rows[0].id;
    expect(triage.body.link).toMatchObject({ label: '查看详情', url: expect.stringMatching(new RegExp(`/m/hazards/${hazardId}$`)) });
    await officer.click(triage, '驳回（非隐患）');
    await officer.text(`驳回 ${code} 的原因`);
    await officer.say('冲洗地面留下的清水，非泄漏');
    await officer.text(`已驳回 ${code}`);
    const rejected = await u.card('hazard.rejected', (l) => (l.body.title ?? '').includes(code));
    expect(JSON.stringify(rejected.body)).toContain('冲洗地面留下的清水，非泄漏');
    const row = (await s.testDb.db.query<{ status: string }>('SELECT status FROM hazards WHERE code = $1', [code])).rows[0];
    expect(row.status).toBe('rejected');
    expect(await evidenceCount(code, 'hazard.reject')).toBe(1);
    // The assessment card now shows the status; a second press is answered, not applied.
    await officer.card('hazard.triage', (l) => l.id === triage.id && l.body.finished === true);
    await officer.click(triage, '驳回（非隐患）');
    await officer.text('该隐患已被驳回');
    expect(await evidenceCount(code, 'hazard.reject')).toBe(1);
  });

  it('hands a task to a delegate from the picker card and takes it back', async () => {
    const photo = await uploadPhoto(s, 'xulin', 41);
    const h = (await s.http().post('/api/hazards').set(await authAs(s, 'xulin')).send({ areaKey: 'distillation', categoryKey: 'guardrail_missing', description: '平台护栏松动', photoFileIds: [photo] })).body;
    const lead = new SandboxUser(s, 'liqiang');
    const task = await lead.card('hazard.assignment', (l) => (l.body.title ?? '').includes(h.code));
    await lead.click(task, '转交代办');
    const picker = await lead.card('hazard.delegate_pick', (l) => (l.body.title ?? '').includes(h.code) && !l.body.finished);
    const options = picker.body.selects?.[0].options.map((o) => o.id);
    // People of the same department who may rectify; not the safety officer of another department.
    expect(options).toEqual(expect.arrayContaining(['xulin', 'zhangwei', 'wangfang']));
    expect(options).not.toContain('zhaolei');
    await lead.click(picker, 'submit', { delegate: ['xulin'] });
    await lead.text(`已将 ${h.code} 委托给 徐林`);
    const deputy = new SandboxUser(s, 'xulin');
    const delegated = await deputy.card('hazard.delegated', (l) => (l.body.title ?? '').includes(h.code));
    expect(delegated.body.buttons?.map((b) => b.label)).toEqual(['接受任务', '已整改']);
    await lead.click(await lead.card('hazard.delegate_pick', (l) => l.id === picker.id && !l.body.finished), 'submit', { delegate: ['none'] });
    await lead.text(`已收回 ${h.code}`);
    await deputy.card('hazard.delegation_ended', (l) => (l.body.title ?? '').includes(h.code));
    await deputy.card('hazard.delegated', (l) => l.id === delegated.id && l.body.finished === true);
  });

  it('ends a pending return step with the refusal when another reviewer approved first', async () => {
    const photo = await uploadPhoto(s, 'zhangwei', 31);
    const h = (await s.http().post('/api/hazards').set(await authAs(s, 'zhangwei')).send({ areaKey: 'synthesis', categoryKey: 'ppe_no_helmet', description: '巡检未戴安全帽', photoFileIds: [photo] })).body;
    const holder = await authAs(s, h.assignee.key);
    await s.http().post(`/api/hazards/${h.id}/start`).set(holder).send({}).expect(200);
    await s.http().post(`/api/hazards/${h.id}/submit`).set(holder).send({ afterPhotoIds: [await uploadPhoto(s, h.assignee.key, 32)] }).expect(200);
    const slow = new SandboxUser(s, 'heping');
    await slow.click(await slow.card('hazard.verification', (l) => (l.body.title ?? '').includes(h.code)), '退回整改');
    await slow.text(`请直接回复退回 ${h.code}`);
    await s.http().post(`/api/hazards/${h.id}/approve`).set(await authAs(s, 'zhaolei')).send({}).expect(200);
    await slow.say('照片看不清');
    await slow.text('该隐患已销号');
    // The step is over: the next line is a new report again, not a second reason.
    const state = await s.testDb.db.query(`SELECT 1 FROM conversation_states WHERE kind = 'hazard_return_reason'`);
    expect(state.rowCount).toBe(0);
    expect((await s.testDb.db.query<{ status: string }>('SELECT status FROM hazards WHERE id = $1', [h.id])).rows[0].status).toBe('closed');
  });

  it('refuses a card action by someone without the role, in the chat', async () => {
    const worker = new SandboxUser(s, 'wuxiuying');
    await worker.photo(12);
    await worker.say('罐区消防通道堵塞');
    const draft = await worker.card('hazard.draft');
    await worker.click(draft, 'submit', { area: ['tank_farm'], category: ['fire_passage_blocked'] });
    const code = /YH-\d{8}-\d{4}/.exec((await worker.text('隐患已上报')).body.text ?? '')?.[0] as string;
    const row = (await s.testDb.db.query<{ id: string }>('SELECT id FROM hazards WHERE code = $1', [code])).rows[0];
    // A worker replays the assignee's "accept" action on their own chat line: the machine refuses.
    const action = encodeActionRef({ action: 'hazard_accept', subjectType: 'hazard', subjectId: row.id, cardVersion: 1 });
    await s.http().post('/sandbox/api/actions').set(await authAs(s, 'wuxiuying')).send({ clientId: 'forged-click-01', messageId: draft.id, action }).expect(202);
    await worker.text('只有整改责任人');
  });
});
