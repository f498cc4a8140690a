import { parseCardCallback, toCardParamMap } from './parseCardCallback';

// Shape of the verified fake-gateway frame (../shared/verified-snippets/dingtalk-fake-gateway.mjs).
const sample = {
  outTrackId: 'permit-123', corpId: 'dingcorp', userId: 'u1', type: 'actionCallback', spaceType: 'IM', spaceId: 'cid', userIdType: 1,
  extension: '{"k":"v"}', content: JSON.stringify({ cardPrivateData: { actionIds: ['approve'], params: { action: 'approve', v: 3 } } }),
};

describe('parseCardCallback', () => {
  it('parses content into params and actionIds', () => {
    expect(parseCardCallback(JSON.stringify(sample))).toEqual({
      ok: true,
      value: {
        outTrackId: 'permit-123', userId: 'u1', corpId: 'dingcorp', userIdType: 1, spaceType: 'IM', spaceId: 'cid', type: 'actionCallback',
        params: { action: 'approve', v: 3 }, actionIds: ['approve'], extension: { k: 'v' },
      },
    });
  });

  it('tolerates missing params and a non-JSON extension', () => {
    const r = parseCardCallback(JSON.stringify({ ...sample, extension: 'x', content: '{"cardPrivateData":{}}' }));
    expect(r.ok && r.value).toMatchObject({ params: {}, actionIds: [], extension: undefined });
  });

  it.each([
    ['no outTrackId', { outTrackId: '' }, 'missing_out_track_id'],
    ['no userId', { userId: undefined }, 'missing_user_id'],
    ['content not JSON', { content: '{oops' }, 'bad_content'],
  ])('refuses %s', (_n, extra, reason) => {
    expect(parseCardCallback(JSON.stringify({ ...sample, ...extra }))).toEqual({ ok: false, reason });
  });
});

describe('toCardParamMap', () => {
  it('keeps strings, stringifies the rest, drops null and undefined', () => {
    expect(toCardParamMap({ a: '甲', b: true, c: 3, d: { x: [1] }, e: null, f: undefined })).toEqual({ a: '甲', b: 'true', c: '3', d: '{"x":[1]}' });
  });
});
