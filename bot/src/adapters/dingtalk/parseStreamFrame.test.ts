import { buildAck, callbackAck, errorAck, eventAck, notFoundAck, parseFrameData, parseStreamFrame } from './parseStreamFrame';

// Frames copied from developerpedia docs/learn/stream/protocol.md (data shortened).
const ROBOT_FRAME = JSON.stringify({
  specVersion: '1.0', type: 'CALLBACK',
  headers: { appId: '1305d5f5', contentType: 'application/json', messageId: '212ca9d7_974_1898c159aa6_1783b', time: '1690362102194', topic: '/v1.0/im/bot/messages/get' },
  data: '{"msgId":"m1","text":{"content":" 测试数据"},"msgtype":"text"}',
});
const DISCONNECT_FRAME = JSON.stringify({ type: 'SYSTEM', headers: { topic: 'disconnect', contentType: 'application/json' }, data: '{"reason" : "connection is expired"}' });

describe('parseStreamFrame', () => {
  it('reads a robot CALLBACK frame with its headers', () => {
    const r = parseStreamFrame(ROBOT_FRAME);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame.type).toBe('CALLBACK');
    expect(r.frame.headers.messageId).toBe('212ca9d7_974_1898c159aa6_1783b');
    expect(r.frame.headers.topic).toBe('/v1.0/im/bot/messages/get');
    expect(JSON.parse(r.frame.data).msgId).toBe('m1');
  });

  it('accepts a SYSTEM disconnect without messageId and defaults specVersion', () => {
    const r = parseStreamFrame(DISCONNECT_FRAME);
    expect(r).toMatchObject({ ok: true, frame: { type: 'SYSTEM', specVersion: '1.0', headers: { topic: 'disconnect' } } });
  });

  it('stringifies numeric header values (time may arrive as a number)', () => {
    const r = parseStreamFrame(JSON.stringify({ type: 'EVENT', headers: { topic: '*', messageId: 'e1', time: 1690106592000 }, data: '{}' }));
    expect(r.ok && r.frame.headers.time).toBe('1690106592000');
  });

  it.each([
    ['not json', 'hello {', 'not_json', undefined],
    ['an array', '[1,2]', 'not_object', undefined],
    ['no headers', '{"type":"EVENT","data":"{}"}', 'missing_headers', undefined],
    ['unknown type', '{"type":"PUSH","headers":{"topic":"x","messageId":"m9"}}', 'bad_type', 'm9'],
    ['no topic', '{"type":"CALLBACK","headers":{"messageId":"m8"}}', 'missing_topic', 'm8'],
    ['callback without id', '{"type":"CALLBACK","headers":{"topic":"/t"}}', 'missing_message_id', undefined],
    ['object data', '{"type":"EVENT","headers":{"topic":"*","messageId":"m7"},"data":{"a":1}}', 'bad_data', 'm7'],
  ])('refuses %s', (_name, text, reason, messageId) => {
    expect(parseStreamFrame(text)).toEqual({ ok: false, reason, ...(messageId ? { messageId } : {}) });
  });
});

describe('ack builders', () => {
  it('callback ack matches protocol.md: data is the JSON string {"response": …}', () => {
    expect(callbackAck('m1', null)).toEqual({ code: 200, headers: { contentType: 'application/json', messageId: 'm1' }, message: 'OK', data: '{"response":null}' });
    const a = callbackAck('m2', { cardData: { cardParamMap: { status: '已同意' } } });
    expect(JSON.parse(a.data)).toEqual({ response: { cardData: { cardParamMap: { status: '已同意' } } } });
  });

  it('event ack carries status and message', () => {
    expect(JSON.parse(eventAck('e1', 'LATER', 'busy').data)).toEqual({ status: 'LATER', message: 'busy' });
  });

  it('404 and 500 acks keep the message id', () => {
    expect(notFoundAck('m3', '/x')).toMatchObject({ code: 404, headers: { messageId: 'm3' } });
    expect(errorAck('m4')).toMatchObject({ code: 500, message: 'internal error', headers: { messageId: 'm4' } });
    expect(buildAck('m5', 400, 'bad request', {}).data).toBe('{}');
  });
});

describe('parseFrameData', () => {
  it.each([
    ['{"a":1}', { ok: true, value: { a: 1 } }],
    ['[]', { ok: false, reason: 'data_not_object' }],
    ['nope', { ok: false, reason: 'data_not_json' }],
  ])('%s', (data, expected) => {
    expect(parseFrameData(data)).toEqual(expected);
  });
});
