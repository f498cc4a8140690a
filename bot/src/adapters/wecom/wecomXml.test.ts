import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WecomXmlError } from './wecomErrors';
import type { WecomInboundMessage } from './wecomTypes';
import { dedupeKeyOf, parseEnvelope, parseMessage } from './wecomXml';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/wecom', name), 'utf8');

// Decrypted plaintexts of published crypto vectors B and I (integrations.md §1.5).
const VECTOR_B_XML =
  '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>';
const VECTOR_I_XML =
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>';
const VECTOR_B_ENVELOPE =
  '<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>\n<Encrypt><![CDATA[Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+]]></Encrypt>\n<AgentID><![CDATA[1000002]]></AgentID>\n</xml>';

function xmlErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof WecomXmlError) return e.code;
    throw e;
  }
  return 'no_error';
}

describe('parseEnvelope', () => {
  it('reads vector B’s POST body', () => {
    const env = parseEnvelope(VECTOR_B_ENVELOPE);
    expect(env.toUserName).toBe('ww1436e0e65a779aee');
    expect(env.agentId).toBe('1000002');
    expect(env.encrypt).toMatch(/^Kl7kjoSf6DMD1zh7.*KiypE\+$/);
  });

  it('requires Encrypt', () => {
    expect(xmlErrorCode(() => parseEnvelope('<xml><ToUserName>x</ToUserName></xml>'))).toBe('missing_field');
  });
});

describe('parseMessage: text from the crypto vectors', () => {
  it('vector B (no CDATA)', () => {
    expect(parseMessage(VECTOR_B_XML)).toEqual({
      kind: 'text',
      toUserName: 'ww1436e0e65a779aee',
      fromUserName: 'ChenJiaShun',
      createTime: 1476422779,
      msgType: 'text',
      content: '你好',
      msgId: '1456453720',
      agentId: '1000002',
    });
  });

  it('vector I keeps the 64-bit MsgId exact', () => {
    const msg = parseMessage(VECTOR_I_XML);
    expect(msg.kind).toBe('text');
    expect(msg).toMatchObject({ content: 'hello', msgId: '4561255354251345929', fromUserName: 'mycreate', agentId: '218' });
    expect(dedupeKeyOf(msg)).toBe('4561255354251345929');
  });

  it('decodes predefined entities in plain text but leaves CDATA verbatim', () => {
    const plain = parseMessage('<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>a &lt;b&gt; &amp; &#20320;&#x597D;</Content><MsgId>9</MsgId></xml>');
    expect(plain).toMatchObject({ content: 'a <b> & 你好' });
    const cdata = parseMessage('<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content><![CDATA[a &lt; <b>]]></Content><MsgId>9</MsgId></xml>');
    expect(cdata).toMatchObject({ content: 'a &lt; <b>' });
  });
});

describe('parseMessage: template card events (WxJava testTemplateCardEvent)', () => {
  it('parses two SelectedItems with two OptionIds each', () => {
    const msg = parseMessage(fixture('templateCardEvent.xml'));
    expect(msg).toEqual({
      kind: 'template_card_event',
      event: 'template_card_event',
      toUserName: 'toUser',
      fromUserName: 'FromUser',
      createTime: 123456789,
      msgType: 'event',
      agentId: '1',
      eventKey: 'key111',
      taskId: 'taskid111',
      cardType: 'text_notice',
      responseCode: 'ResponseCode',
      selectedItems: [
        { questionKey: 'QuestionKey1', optionIds: ['OptionId1', 'OptionId2'] },
        { questionKey: 'QuestionKey2', optionIds: ['OptionId3', 'OptionId4'] },
      ],
    });
    expect(dedupeKeyOf(msg)).toBe('FromUser|123456789|template_card_event|taskid111|key111|ResponseCode');
  });

  it('normalises a single SelectedItem and a single OptionId to arrays', () => {
    const msg = parseMessage(fixture('templateCardEventSingle.xml'));
    expect(msg).toMatchObject({ kind: 'template_card_event', cardType: 'vote_interaction', selectedItems: [{ questionKey: 'QuestionKey1', optionIds: ['OptionId1'] }] });
  });

  it('gives an empty selectedItems for a plain button click', () => {
    const msg = parseMessage(fixture('templateCardEventButton.xml'));
    expect(msg).toMatchObject({ kind: 'template_card_event', eventKey: 'a1.hz.0001.v3', taskId: 'hz-0001-v3', cardType: 'button_interaction', selectedItems: [] });
  });

  it('parses a menu click', () => {
    const msg = parseMessage(fixture('templateCardMenuEvent.xml'));
    expect(msg).toMatchObject({ kind: 'template_card_menu_event', event: 'template_card_menu_event', eventKey: 'menu_mute', taskId: 'taskid111', responseCode: 'ResponseCode4' });
    expect(dedupeKeyOf(msg)).toBe('FromUser|123456792|template_card_menu_event|taskid111|menu_mute|ResponseCode4');
  });

  it('two clicks on different buttons of the same card have different keys', () => {
    const a = parseMessage(fixture('templateCardEventButton.xml'));
    const b = parseMessage(fixture('templateCardEventButton.xml').replace('a1.hz.0001.v3', 'a2.hz.0001.v3'));
    expect(dedupeKeyOf(a)).not.toBe(dedupeKeyOf(b));
  });

  it('requires TaskId on a card event', () => {
    const xml = fixture('templateCardEventButton.xml').replace(/<TaskId>.*<\/TaskId>/, '');
    expect(xmlErrorCode(() => parseMessage(xml))).toBe('missing_field');
  });
});

describe('parseMessage: image, location, enter_agent, unknown', () => {
  it('image', () => {
    expect(parseMessage(fixture('image.xml'))).toMatchObject({ kind: 'image', mediaId: 'media_id', picUrl: 'this is a url', msgId: '1234567890123456', fromUserName: 'fromUser' });
  });

  it('location (Location_X is latitude)', () => {
    const msg = parseMessage(fixture('location.xml'));
    expect(msg).toMatchObject({ kind: 'location', latitude: 23.134521, longitude: 113.358803, scale: 15, label: '位置信息', msgId: '1234567890123456' });
  });

  it('location with a non-numeric coordinate is rejected', () => {
    expect(xmlErrorCode(() => parseMessage(fixture('location.xml').replace('23.134521', 'north')))).toBe('invalid_field');
  });

  it('enter_agent with an empty EventKey', () => {
    const msg = parseMessage(fixture('enterAgent.xml'));
    expect(msg).toMatchObject({ kind: 'enter_agent', event: 'enter_agent', eventKey: '' });
    expect(dedupeKeyOf(msg)).toBe('FromUser|1408091189|enter_agent|||');
  });

  it('voice and other events become unknown', () => {
    const voice = parseMessage('<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>voice</MsgType><MediaId>m</MediaId><MsgId>77</MsgId></xml>');
    expect(voice).toMatchObject({ kind: 'unknown', msgType: 'voice', msgId: '77' });
    expect(dedupeKeyOf(voice)).toBe('77');
    const ev = parseMessage('<xml><FromUserName>u</FromUserName><CreateTime>5</CreateTime><MsgType>event</MsgType><Event>LOCATION</Event></xml>');
    expect(ev).toMatchObject({ kind: 'unknown', event: 'LOCATION' });
    expect(dedupeKeyOf(ev)).toBe('u|5|LOCATION|||');
  });
});

describe('hostile and malformed XML', () => {
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 2} "${`&lol${i + 1};`.repeat(10)}">`).join('') +
    ']><xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>';

  it('rejects a billion-laughs document quickly', () => {
    const started = process.hrtime.bigint();
    expect(xmlErrorCode(() => parseMessage(laughs))).toBe('doctype_forbidden');
    expect(xmlErrorCode(() => parseEnvelope(laughs))).toBe('doctype_forbidden');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
  });

  it('rejects external entities and lower-case doctype too', () => {
    const xxe = '<!doctype xml [<!entity xxe SYSTEM "file:///etc/passwd">]><xml><Encrypt>&xxe;</Encrypt></xml>';
    expect(xmlErrorCode(() => parseEnvelope(xxe))).toBe('doctype_forbidden');
  });

  it('leaves undeclared entity references undecoded', () => {
    const msg = parseMessage('<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>');
    expect(msg).toMatchObject({ content: '&lol9;' });
  });

  it.each([
    ['not xml', 'hello'],
    ['unclosed', '<xml><FromUserName>u</FromUserName>'],
    ['wrong root', '<root><FromUserName>u</FromUserName></root>'],
  ])('%s → xml_parse', (_name, xml) => {
    expect(xmlErrorCode(() => parseMessage(xml))).toBe('xml_parse');
  });

  it('rejects oversized bodies', () => {
    const big = `<xml><Content>${'a'.repeat(300 * 1024)}</Content></xml>`;
    expect(xmlErrorCode(() => parseMessage(big))).toBe('too_large');
  });

  it('rejects a bad CreateTime and a missing sender', () => {
    expect(xmlErrorCode(() => parseMessage(VECTOR_B_XML.replace('1476422779', 'soon')))).toBe('invalid_field');
    expect(xmlErrorCode(() => parseMessage(VECTOR_B_XML.replace('<FromUserName>ChenJiaShun</FromUserName>', '')))).toBe('missing_field');
  });

  it('narrows by kind', () => {
    const msg: WecomInboundMessage = parseMessage(VECTOR_B_XML);
    if (msg.kind !== 'text') throw new Error('expected text');
    expect(msg.content.length).toBe(2);
  });
});
