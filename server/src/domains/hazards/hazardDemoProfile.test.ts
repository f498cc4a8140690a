import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import { hazardsModule } from './hazardsModule';
import { SandboxUser, waitFor } from './hazardTestKit';

/**
 * The demo profile (env DEMO_PROFILE=1 + plant settings.demoProfile.secondsPerHour) turns SLA hours
 * into seconds. With 0.03 s per hour a general hazard (72 h to rectify, reminder 24 h before, escalation
 * every 24 h, reinspection 72 h after closure) crosses every timer in about six seconds.
 */
describe.each(DB_KINDS)('hazard SLA timers in the demo profile on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ kind, modules: [hazardsModule], env: { DEMO_PROFILE: '1' } });
    await s.testDb.db.query(`UPDATE plants SET settings = jsonb_set(settings, '{demoProfile}', '{"secondsPerHour": 0.03}')`);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('reminds, escalates up the chain, verifies, closes and asks for reinspection within seconds', async () => {
    const reporter = new SandboxUser(s, 'zhangwei');
    const assignee = new SandboxUser(s, 'zhoujie');
    await reporter.photo();
    await reporter.say('3号配电箱未上锁');
    const draft = await reporter.card('hazard.draft');
    await reporter.click(draft, 'submit', { area: ['synthesis'], category: ['elec_box_unlocked'] });
    const code = /YH-\d{8}-\d{4}/.exec((await reporter.text('隐患已上报')).body.text ?? '')?.[0] as string;

    const reminder = await assignee.card('hazard.reminder');
    expect(reminder.body.buttons?.map((b) => b.label)).toEqual(['已整改']);
    // 班组长 → 车间主任 → 安全总监 of the synthesis workshop, one card each, and the group is told.
    const chain = ['liqiang', 'wangfang', 'chenjing'];
    for (const [i, key] of chain.entries()) {
      const card = await new SandboxUser(s, key).card('hazard.escalation');
      expect(card.body.title).toContain(`第 ${i + 1} 级`);
    }
    await assignee.card('hazard.overdue');
    const notices = (await reporter.lines()).filter((l) => l.kind === 'markdown' && (l.body.title ?? '').startsWith('隐患逾期升级'));
    expect(notices.length).toBeGreaterThanOrEqual(3);

    await assignee.click(reminder, '已整改');
    await assignee.text('整改后的现场照片');
    await assignee.photo(9);
    const reviewer = new SandboxUser(s, 'heping');
    const verify = await reviewer.card('hazard.verification');
    await reviewer.click(verify, '验收通过');
    await reporter.card('hazard.closed');

    const reinspect = await reporter.card('hazard.reinspection', (l) => !l.body.finished);
    await reporter.click(reinspect, '仍然有效');
    await reporter.card('hazard.reinspection', (l) => l.id === reinspect.id && l.body.status === '复查合格，隐患已闭环');

    const kinds = (await s.testDb.db.query<{ kind: string }>(
      `SELECT e.kind FROM evidence_events e JOIN hazards h ON h.id::text = e.subject_id WHERE h.code = $1 ORDER BY e.seq`, [code],
    )).rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'hazard.escalate')).toHaveLength(3);
    expect(kinds).toEqual(expect.arrayContaining(['hazard.remind', 'hazard.approve', 'hazard.reinspect_due', 'hazard.reinspect_ok']));
    const status = await waitFor(async () => (await s.testDb.db.query<{ status: string }>('SELECT status FROM hazards WHERE code = $1', [code])).rows[0]?.status, 'status');
    expect(status).toBe('reinspected');
  }, 60_000);
});
