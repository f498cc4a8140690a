import { encrypt, getSignature } from '@wecom/crypto';
import { openCallback, openUrlCheck, REFUSAL_STATUS } from './wecomCallbackOpen';
import type { WecomSettings } from './wecomSettings';

// Published WeCom sample (integrations.md §1.5, set 1): vectors A (URL check) and B (XML POST).
const settings: WecomSettings = {
  corpId: 'ww1436e0e65a779aee',
  agentId: 1000002,
  agentIdText: '1000002',
  secret: 'unused',
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  apiBase: 'http://peer.invalid',
  callbackPath: '/wecom/callback',
  timestampWindowSeconds: 300,
};
const B_BODY =
  '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>';
const B_QUERY = { msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e', timestamp: '1476422779', nonce: '1597212914' };
const B_NOW = new Date(1476422779 * 1000);

/** A body signed with the sample token whose Encrypt is `enc`. */
function signed(enc: string, ts = '1476422779', nonce = '42') {
  return {
    query: { msg_signature: getSignature(settings.token, ts, nonce, enc), timestamp: ts, nonce },
    body: `<xml><ToUserName><![CDATA[${settings.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
  };
}

describe('openUrlCheck', () => {
  it('answers the published URL-check vector with the bare plaintext', () => {
    const q = {
      msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb', timestamp: '1476416373', nonce: '47744683',
      echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
    };
    expect(openUrlCheck(settings, q, new Date(1476416373 * 1000))).toEqual({ ok: true, echo: '1288432023552776189' });
  });

  it('refuses a wrong signature and a missing echostr', () => {
    const q = { msg_signature: 'f'.repeat(40), timestamp: '1476416373', nonce: '1', echostr: 'abc' };
    expect(openUrlCheck(settings, q, new Date(1476416373 * 1000))).toMatchObject({ ok: false, refusal: 'bad_signature' });
    expect(openUrlCheck(settings, { ...q, echostr: undefined }, new Date(1476416373 * 1000))).toMatchObject({ ok: false, refusal: 'bad_query' });
  });
});

describe('openCallback', () => {
  it('opens the published XML POST vector: text 你好 with its MsgId as dedupe key', () => {
    const r = openCallback(settings, B_QUERY, B_BODY, B_NOW);
    expect(r).toMatchObject({ ok: true, dedupeKey: '1456453720', message: { kind: 'text', content: '你好', fromUserName: 'ChenJiaShun' } });
  });

  const other = encrypt(settings.encodingAesKey, '<xml><FromUserName>x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>', 'wwOTHERCORP000001');
  const wrongAgent = encrypt(settings.encodingAesKey, '<xml><FromUserName>x</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId><AgentID>7</AgentID></xml>', settings.corpId);
  const notXmlInside = encrypt(settings.encodingAesKey, 'just text', settings.corpId);
  const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><Encrypt>&lol2;</Encrypt></xml>';
  const cases: Array<[string, Record<string, string | undefined>, string, Date, string]> = [
    ['a wrong signature', { ...B_QUERY, msg_signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48f' }, B_BODY, B_NOW, 'bad_signature'],
    ['a stale timestamp (an hour late)', B_QUERY, B_BODY, new Date(B_NOW.getTime() + 3_600_000), 'stale_timestamp'],
    ['a missing nonce', { ...B_QUERY, nonce: undefined }, B_BODY, B_NOW, 'bad_query'],
    ['a body that is not XML', B_QUERY, 'hello, not xml', B_NOW, 'bad_xml'],
    ['an entity bomb', B_QUERY, bomb, B_NOW, 'bad_xml'],
    ['an undecryptable payload', signed('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTIz').query, signed('QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwMTIz').body, B_NOW, 'undecryptable'],
    ['another corp id', signed(other).query, signed(other).body, B_NOW, 'wrong_corp'],
    ['another agent of the corp', signed(wrongAgent).query, signed(wrongAgent).body, B_NOW, 'wrong_agent'],
    ['a decrypted message that is not XML', signed(notXmlInside).query, signed(notXmlInside).body, B_NOW, 'bad_xml'],
  ];
  it.each(cases)('refuses %s', (_name, query, body, now, refusal) => {
    const r = openCallback(settings, query, body, now);
    expect(r).toMatchObject({ ok: false, refusal });
  });

  it('maps refusals to 400 (malformed), 401 (not proven WeCom) and 403 (not for us)', () => {
    expect(REFUSAL_STATUS).toEqual({ bad_query: 400, bad_xml: 400, stale_timestamp: 401, bad_signature: 401, undecryptable: 403, wrong_corp: 403, wrong_agent: 403 });
  });
});
