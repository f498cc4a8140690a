import { classifyApiAnswer, classifyOapiAnswer } from './dingtalkApiError';

describe('classifyApiAnswer (api.dingtalk.com)', () => {
  it.each([
    [200, {}, 'ok'],
    [400, { code: 'InvalidAuthentication', message: '不合法的access_token' }, 'token_invalid'],
    [401, {}, 'token_invalid'],
    [403, { code: 'Forbidden.AccessDenied.QpsLimitForApi' }, 'throttled'],
    [403, { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }, 'throttled'],
    [429, { code: 'Throttling' }, 'throttled'],
    [503, {}, 'busy'],
    [400, { code: 'invalidParameter.outTrackId' }, 'failed'],
    [403, { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg' }, 'failed'],
  ])('HTTP %i %j → %s', (status, body, expected) => {
    expect(classifyApiAnswer(status, body)).toBe(expected);
  });
});

describe('classifyOapiAnswer (oapi.dingtalk.com)', () => {
  it.each([
    [200, { errcode: 0 }, 'ok'],
    [200, { errcode: 40014 }, 'token_invalid'],
    [200, { errcode: 42001 }, 'token_invalid'],
    [200, { errcode: 90018 }, 'throttled'],
    [200, { errcode: 90002 }, 'throttled'],
    [200, { errcode: -1 }, 'busy'],
    [200, { errcode: 40078 }, 'failed'],
    [200, { errcode: '60003' }, 'failed'],
    [502, {}, 'busy'],
    [404, {}, 'failed'],
  ])('HTTP %i %j → %s', (status, body, expected) => {
    expect(classifyOapiAnswer(status, body)).toBe(expected);
  });
});
