import { mapJsonWarnings, qweatherMapping } from './jsonWeatherMapping';

/** Shaped like a QWeather /v7/warning/now answer. */
const body = {
  code: '200',
  warning: [
    {
      id: '10102010020261124080000001', sender: '南京市气象台', pubTime: '2026-11-24T08:00+08:00', title: '南京市气象台发布雷电黄色预警信号',
      startTime: '2026-11-24T08:00+08:00', endTime: '2026-11-24T20:00+08:00', status: 'active', severity: 'Moderate', severityColor: 'Yellow',
      type: '1014', typeName: '雷电', urgency: '', certainty: '', text: '预计未来6小时内有雷电活动。', related: '',
    },
    {
      id: 'W2', pubTime: '2026-11-24 09:00:00', status: 'update', severityColor: '', severity: 'Severe', type: '1006', typeName: '大风', related: 'W0',
    },
    { id: 'W3', pubTime: 'not a time', typeName: '大雾' },
    { pubTime: '2026-11-24T08:00+08:00', typeName: '大雾' },
  ],
};

describe('mapJsonWarnings', () => {
  it('maps a QWeather-style answer and reports unusable items', () => {
    const { warnings, issues } = mapJsonWarnings(body, { ...qweatherMapping('320115', '江宁区'), eventTypeValues: { '1006': 'gale' } });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({
      identifier: '10102010020261124080000001', sender: '南京市气象台', sent: new Date('2026-11-24T00:00:00Z'), status: 'Actual', msgType: 'Alert',
      references: [], event: '雷电', eventType: 'lightning', level: 'yellow', expires: new Date('2026-11-24T12:00:00Z'), urgency: null,
      headline: '南京市气象台发布雷电黄色预警信号', eventCodes: [{ valueName: 'provider', value: '1014' }],
      areas: [{ areaDesc: '江宁区', geocodes: [{ valueName: 'GB/T 2260', value: '320115' }] }], source: 'json',
    });
    expect(warnings[1]).toMatchObject({ identifier: 'W2', msgType: 'Update', references: ['W0'], eventType: 'gale', level: 'orange', sent: new Date('2026-11-24T01:00:00Z'), sender: 'json-weather' });
    expect(issues).toEqual([
      { index: 2, code: 'invalid_value', field: 'pubTime' },
      { index: 3, code: 'missing_field', field: 'id' },
    ]);
  });

  it('treats a missing list as no warnings and a wrong type as an issue', () => {
    const m = qweatherMapping('320115');
    expect(mapJsonWarnings({ code: '200' }, m)).toEqual({ warnings: [], issues: [] });
    expect(mapJsonWarnings({ warning: 'x' }, m).issues).toEqual([{ index: -1, code: 'not_a_list', field: 'warning' }]);
    expect(mapJsonWarnings('garbage', m)).toEqual({ warnings: [], issues: [] });
  });

  it('supports a top-level array, custom level values and numeric offsets', () => {
    const { warnings } = mapJsonWarnings([{ n: 7, t: '2026-11-24T08:00:00+0800', e: 'Heavy fog', lv: 'III' }], {
      listPath: '', fields: { identifier: 'n', sent: 't', event: 'e', level: 'lv' }, levelValues: { III: 'orange' }, regionCode: '320115',
    });
    expect(warnings[0]).toMatchObject({ identifier: '7', eventType: 'fog', level: 'orange', sent: new Date('2026-11-24T00:00:00Z') });
  });
});
