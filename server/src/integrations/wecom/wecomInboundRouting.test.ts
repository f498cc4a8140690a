import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { encodeActionRef } from '../../../../cards/src/actionRef';
import { ACTIONS } from '../../../../cards/src/actions';
import { startWecomHarness, TEST_SUBJECT, waitFor, type WecomHarness } from './wecomTestHarness';

jest.setTimeout(60_000);

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecomHarness();
});
afterAll(() => h.close());

const textTo = (userId: string, needle: string) =>
  h.peer.state.messagesTo(userId).find((m) => m.body.msgtype === 'text' && String((m.body.text as { content: string }).content).includes(needle));
const eventsOf = (kind: string) => h.rec.events.filter((e) => e.kind === kind);
const clickKey = (subjectId: string) => encodeActionRef({ action: ACTIONS.noop, subjectType: TEST_SUBJECT, subjectId, cardVersion: 1 });

describe('inbound messages reach the same router as the Sandbox', () => {
  it('text: the verified sender is resolved to the plant person', async () => {
    const res = await h.deliver({ kind: 'text', from: 'zhangwei', content: '泵房地面有油' });
    expect(res).toMatchObject({ status: 200, text: '' });
    const e = await waitFor(() => eventsOf('text').find((x) => x.text === '泵房地面有油'));
    expect(e.sender).toEqual({ personId: await h.personId('zhangwei'), platformUserId: 'zhangwei' });
    expect(e.plantId).toBe(h.plantId);
  });

  it('image: downloaded by MediaId, stored and hashed like any photo', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c33' } }).jpeg().toBuffer();
    await h.deliver({ kind: 'image', from: 'zhangwei', image: jpeg });
    const e = await waitFor(() => eventsOf('image')[0]);
    const file = await h.server.deps.db.query<{ sha256: string; mime: string; uploaded_by: string }>('SELECT sha256, mime, uploaded_by FROM files WHERE id = $1', [e.image?.fileId]);
    expect(file.rows[0]).toEqual({ sha256: createHash('sha256').update(jpeg).digest('hex'), mime: 'image/jpeg', uploaded_by: await h.personId('zhangwei') });
    expect((await h.server.deps.blobs.get(file.rows[0].sha256)).equals(jpeg)).toBe(true);
  });

  it('location: GCJ-02 coordinates with the label', async () => {
    await h.deliver({ kind: 'location', from: 'xulin', latitude: 31.9025, longitude: 118.804, label: '江宁精细化工' });
    const e = await waitFor(() => eventsOf('location')[0]);
    expect(e.location).toEqual({ lat: 31.9025, lng: 118.804, datum: 'GCJ-02', label: '江宁精细化工' });
  });

  it('template_card_event: action from the button key, one selected item', async () => {
    const key = clickKey('sel-one');
    await h.deliver({ kind: 'template_card_event', from: 'zhaolei', taskId: `${key}@t1`, eventKey: key, selectedItems: [{ questionKey: 'grade', optionIds: ['major'] }] });
    const e = await waitFor(() => eventsOf('action').find((x) => x.action?.subjectId === 'sel-one'));
    expect(e.action).toEqual({ action: ACTIONS.noop, subjectType: TEST_SUBJECT, subjectId: 'sel-one', cardVersion: 1 });
    expect(e.selections).toEqual({ grade: ['major'] });
    expect(e.sentRef).toMatchObject({ platform: 'wecom', ref: { kind: 'card', taskId: `${key}@t1`, userId: 'zhaolei' } });
  });

  it('template_card_event: several selected items with several options each', async () => {
    const key = clickKey('sel-many');
    await h.deliver({
      kind: 'template_card_event', from: 'zhaolei', taskId: `${key}@t2`, eventKey: key,
      selectedItems: [{ questionKey: 'area', optionIds: ['tank_farm'] }, { questionKey: 'checks', optionIds: ['gas', 'fire', 'guard'] }],
    });
    const e = await waitFor(() => eventsOf('action').find((x) => x.action?.subjectId === 'sel-many'));
    expect(e.selections).toEqual({ area: ['tank_farm'], checks: ['gas', 'fire', 'guard'] });
  });

  it('template_card_menu_event is routed like a click', async () => {
    const key = clickKey('menu');
    await h.deliver({ kind: 'template_card_menu_event', from: 'zhaolei', taskId: `${key}@t3`, eventKey: key });
    const e = await waitFor(() => eventsOf('action').find((x) => x.action?.subjectId === 'menu'));
    expect(e.selections).toBeUndefined();
  });

  it('the click’s ResponseCode is kept for the card update', async () => {
    const key = clickKey('code-kept');
    const req = h.peer.state.buildCallback({ kind: 'template_card_event', from: 'zhaolei', taskId: `${key}@t4`, eventKey: key });
    await h.post(req);
    await waitFor(() => eventsOf('action').find((x) => x.action?.subjectId === 'code-kept'));
    const row = await h.server.deps.db.query('SELECT source, user_id FROM wecom_response_codes WHERE response_code = $1', [req.responseCode]);
    expect(row.rows).toEqual([{ source: 'callback', user_id: 'zhaolei' }]);
  });

  it('opening the app (enter_agent) is ignored', async () => {
    const before = h.peer.state.messages.length;
    expect((await h.deliver({ kind: 'enter_agent', from: 'zhangwei' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    expect(h.peer.state.messages.length).toBe(before);
  });
});

describe('refusals reach the member as a short reply, with no effect', () => {
  it('an unknown sender is told they are not registered, and the admins get a notice (once a day)', async () => {
    await h.deliver({ kind: 'text', from: 'stranger01', content: 'hello' });
    await waitFor(() => textTo('stranger01', '尚未在本厂的人员名单中登记'));
    await waitFor(() => textTo('majun', 'wecom:stranger01'));
    await h.deliver({ kind: 'text', from: 'stranger01', content: 'hello again' });
    await waitFor(() => h.peer.state.messagesTo('stranger01').length === 2);
    await new Promise((r) => setTimeout(r, 700));
    expect(h.peer.state.messagesTo('majun').filter((m) => JSON.stringify(m.body).includes('stranger01'))).toHaveLength(1);
    expect(h.rec.events.some((e) => e.sender.platformUserId === 'stranger01')).toBe(false);
  });

  it('an unknown MediaId: the member is asked to send the photo again; no event', async () => {
    await h.deliver({ kind: 'image', from: 'xulin', mediaId: 'media-that-never-existed' });
    await waitFor(() => textTo('xulin', '图片已过期或不存在'));
    expect(eventsOf('image').some((e) => e.sender.platformUserId === 'xulin')).toBe(false);
  });

  it('a click by someone without the right: refused, no evidence, a reply naming the right', async () => {
    const key = clickKey('no-right');
    await h.deliver({ kind: 'template_card_event', from: 'zhangwei', taskId: `${key}@t5`, eventKey: key });
    await waitFor(() => textTo('zhangwei', 'hazard.verify'));
    const ev = await h.server.deps.db.query("SELECT 1 FROM evidence_events WHERE kind = 'wxtest.clicked' AND subject_id = 'no-right'");
    expect(ev.rowCount).toBe(0);
  });

  it('a click whose button key is not one of ours is ignored', async () => {
    const before = h.rec.events.length;
    await h.deliver({ kind: 'template_card_event', from: 'zhaolei', taskId: 'foreign-task', eventKey: 'approve' });
    await new Promise((r) => setTimeout(r, 700));
    expect(h.rec.events.length).toBe(before);
  });
});
