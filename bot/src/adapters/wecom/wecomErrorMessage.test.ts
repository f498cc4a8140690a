import { hasMessage, t } from '../../../../cards/src/i18n/catalogue';
import { describeWecomError } from './wecomErrorMessage';
import {
  WecomApiError,
  WecomCryptoError,
  WecomCryptoErrorCode,
  WecomMediaNotFoundError,
  WecomRetryableError,
  WecomXmlError,
  WecomXmlErrorCode,
  WX_BIZ_MSG_CRYPT_CODES,
} from './wecomErrors';

const XML_CODES: WecomXmlErrorCode[] = ['doctype_forbidden', 'too_large', 'xml_parse', 'missing_field', 'invalid_field'];

describe('describeWecomError', () => {
  it.each(Object.keys(WX_BIZ_MSG_CRYPT_CODES) as WecomCryptoErrorCode[])('crypto %s has a catalogue entry', (code) => {
    const ref = describeWecomError(new WecomCryptoError(code));
    expect(ref && hasMessage(ref.key)).toBe(true);
  });

  it.each(XML_CODES)('xml %s has a catalogue entry', (code) => {
    const ref = describeWecomError(new WecomXmlError(code, 'TaskId'));
    expect(ref && hasMessage(ref.key)).toBe(true);
  });

  it('api errors fill their placeholders', () => {
    const props = { errcode: 45009, errmsg: 'api freq out of limit', path: '/cgi-bin/message/send' };
    const retry = describeWecomError(new WecomRetryableError(props, 60_000))!;
    expect(t('zh-CN', retry.key, retry.params)).toBe('企业微信接口 /cgi-bin/message/send 暂时不可用（45009），60 秒后重试。');
    const plain = describeWecomError(new WecomApiError({ ...props, errcode: 42014, errmsg: 'taskid has existed' }))!;
    expect(t('en', plain.key, plain.params)).toBe('WeCom API /cgi-bin/message/send answered error 42014: taskid has existed');
    expect(describeWecomError(new WecomApiError({ errcode: 40001, errmsg: 'invalid credential', path: '/cgi-bin/gettoken' }))?.key).toBe('wecom.api.invalid_secret');
    expect(describeWecomError(new WecomMediaNotFoundError({ errcode: 40007, errmsg: 'x', path: '/cgi-bin/media/get' }))?.key).toBe('wecom.media.not_found');
    expect(describeWecomError(new Error('other'))).toBeUndefined();
  });
});
