import { CapParseError, parseCap, parseCapWarning } from './capParser';

/** Modelled on China's national CAP profile (identifier = issuer code _ time _ serial). */
const GALE = `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>32011541600000_20261124080000_0</identifier>
  <sender>南京市江宁区气象台</sender>
  <sent>2026-11-24T08:00:00+08:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>大风</event>
    <urgency>Expected</urgency>
    <severity>Minor</severity>
    <certainty>Likely</certainty>
    <eventCode><valueName>GB/T 27962</valueName><value>11B06</value></eventCode>
    <onset>2026-11-24T08:00:00+08:00</onset>
    <expires>2026-11-25T08:00:00+08:00</expires>
    <headline>江宁区气象台发布大风蓝色预警信号</headline>
    <description><![CDATA[预计24小时内可能受大风影响，平均风力可达6级以上 & 阵风7级以上。]]></description>
    <parameter><valueName>预警级别</valueName><value>蓝色</value></parameter>
    <area>
      <areaDesc>江宁区</areaDesc>
      <geocode><valueName>GB/T 2260</valueName><value>320115</value></geocode>
    </area>
  </info>
  <info>
    <language>en-US</language>
    <event>Gale</event>
    <severity>Minor</severity>
    <area><areaDesc>Jiangning</areaDesc></area>
  </info>
</alert>`;

const CANCEL = `<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">
  <cap:identifier>32011541600000_20261124120000_0</cap:identifier>
  <cap:sender>南京市江宁区气象台</cap:sender>
  <cap:sent>2026-11-24 12:00:00+08:00</cap:sent>
  <cap:status>Actual</cap:status>
  <cap:msgType>Cancel</cap:msgType>
  <cap:references>南京市江宁区气象台,32011541600000_20261124080000_0,2026-11-24T08:00:00+08:00 other,X2,2026-11-24T07:00:00+08:00</cap:references>
</cap:alert>`;

function expectCapError(xml: string, code: string, field: string | null) {
  try {
    parseCap(xml);
  } catch (e) {
    expect(e).toBeInstanceOf(CapParseError);
    expect([(e as CapParseError).code, (e as CapParseError).field ?? null]).toEqual([code, field]);
    return;
  }
  throw new Error('expected a CapParseError');
}

describe('parseCap', () => {
  it('parses the alert, every info block, codes, parameters and areas', () => {
    const a = parseCap(GALE);
    expect(a).toMatchObject({
      identifier: '32011541600000_20261124080000_0',
      sender: '南京市江宁区气象台',
      sent: new Date('2026-11-24T00:00:00Z'),
      status: 'Actual',
      msgType: 'Alert',
      references: [],
    });
    expect(a.infos).toHaveLength(2);
    expect(a.infos[0]).toMatchObject({
      event: '大风',
      urgency: 'Expected',
      severity: 'Minor',
      certainty: 'Likely',
      expires: new Date('2026-11-25T00:00:00Z'),
      eventCodes: [{ valueName: 'GB/T 27962', value: '11B06' }],
      parameters: [{ valueName: '预警级别', value: '蓝色' }],
      areas: [{ areaDesc: '江宁区', geocodes: [{ valueName: 'GB/T 2260', value: '320115' }] }],
    });
    expect(a.infos[0].description).toContain('6级以上 & 阵风');
    expect(a.infos[1].areas).toEqual([{ areaDesc: 'Jiangning', geocodes: [] }]);
  });

  it('handles namespace prefixes, space-separated dates and reference triples', () => {
    const a = parseCap(CANCEL);
    expect(a.msgType).toBe('Cancel');
    expect(a.sent).toEqual(new Date('2026-11-24T04:00:00Z'));
    expect(a.references).toEqual(['32011541600000_20261124080000_0', 'X2']);
    expect(a.infos).toEqual([]);
  });

  it('decodes predefined entities once and nothing else', () => {
    const xml = GALE.replace('<headline>江宁区气象台发布大风蓝色预警信号</headline>', '<headline>A &amp;lt; B &#x5927;&#39118; &amp; C</headline>');
    expect(parseCap(xml).infos[0].headline).toBe('A &lt; B 大风 & C');
  });

  it.each<[string, string, string, string | null]>([
    ['DOCTYPE (billion laughs)', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><alert><identifier>&lol2;</identifier></alert>`, 'doctype_forbidden', null],
    ['external entity', `<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><alert>&xxe;</alert>`, 'doctype_forbidden', null],
    ['broken XML', '<alert><identifier>x</alert>', 'malformed_xml', null],
    ['not XML at all', '{"warning": []}', 'malformed_xml', null],
    ['another root', '<feed><entry/></feed>', 'not_cap', null],
    ['no identifier', GALE.replace(/<identifier>.*<\/identifier>/, ''), 'missing_field', 'identifier'],
    ['bad msgType', GALE.replace('<msgType>Alert</msgType>', '<msgType>Ack</msgType>'), 'invalid_value', 'msgType'],
    ['bad date', GALE.replace('<sent>2026-11-24T08:00:00+08:00</sent>', '<sent>yesterday</sent>'), 'invalid_value', 'sent'],
    ['date without offset', GALE.replace('<sent>2026-11-24T08:00:00+08:00</sent>', '<sent>2026-11-24T08:00:00</sent>'), 'invalid_value', 'sent'],
    ['info without event', GALE.replace('<event>Gale</event>', ''), 'missing_field', 'event'],
  ])('refuses %s', (_n, xml, code, field) => expectCapError(xml, code, field));

  it('refuses oversized documents', () => {
    expect(() => parseCap(GALE, { maxChars: 100 })).toThrow(expect.objectContaining({ code: 'too_large' }));
  });
});

describe('parseCapWarning', () => {
  it('normalises a Chinese gale warning', () => {
    expect(parseCapWarning(GALE)).toMatchObject({
      event: '大风',
      eventType: 'gale',
      level: 'blue',
      beaufort: null,
      headline: '江宁区气象台发布大风蓝色预警信号',
      areas: [{ areaDesc: '江宁区', geocodes: [{ valueName: 'GB/T 2260', value: '320115' }] }],
      source: 'cap',
    });
  });

  it.each([
    ['level from the event text', '<event>雷雨大风橙色预警</event>', 'Minor', 'thunderstorm_gale', 'orange'],
    ['level from the severity', '<event>暴雨</event>', 'Extreme', 'rainstorm', 'red'],
  ])('%s', (_n, event, severity, type, level) => {
    const xml = GALE.replace('<event>大风</event>', event)
      .replace('<severity>Minor</severity>', `<severity>${severity}</severity>`)
      .replace(/<parameter>.*<\/parameter>/, '')
      .replace(/<headline>.*<\/headline>/, '');
    expect(parseCapWarning(xml)).toMatchObject({ eventType: type, level });
  });

  it('reads a stated Beaufort force and keeps references of a cancel', () => {
    const xml = GALE.replace('<parameter>', '<parameter><valueName>风力</valueName><value>7级</value></parameter><parameter>');
    expect(parseCapWarning(xml).beaufort).toBe(7);
    expect(parseCapWarning(CANCEL)).toMatchObject({ msgType: 'Cancel', event: '', eventType: null, level: null, references: ['32011541600000_20261124080000_0', 'X2'] });
  });
});
