import { MessageFragment } from '../messageTypes';

/** User-facing text of the wecom capability. Keys are dotted ids; {name} placeholders are filled by t(). */
export const wecomMessages: MessageFragment = {
  'zh-CN': {
    // Operator-facing: why a callback was refused (codes of WecomCryptoError / WecomXmlError).
    'wecom.crypto.signature_mismatch': '企业微信回调签名不符：请核对应用的回调 Token。',
    'wecom.crypto.illegal_aes_key': 'EncodingAESKey 无效：应为企业微信后台生成的 43 位字符。',
    'wecom.crypto.receive_id_mismatch': '回调不是发给本企业的：CorpID 不符。',
    'wecom.crypto.decrypt_failed': '回调解密失败：请核对 EncodingAESKey。',
    'wecom.crypto.illegal_buffer': '回调内容损坏或被篡改，已拒收。',
    'wecom.xml.doctype_forbidden': '回调 XML 含 DOCTYPE/ENTITY 声明，已拒收。',
    'wecom.xml.too_large': '回调内容过大，已拒收。',
    'wecom.xml.xml_parse': '回调 XML 无法解析。',
    'wecom.xml.missing_field': '回调缺少字段 {field}。',
    'wecom.xml.invalid_field': '回调字段 {field} 的值不合法。',
    // Operator-facing: API failures (WecomApiError / WecomRetryableError).
    'wecom.api.error': '企业微信接口 {path} 返回错误 {errcode}：{errmsg}',
    'wecom.api.retryable': '企业微信接口 {path} 暂时不可用（{errcode}），{seconds} 秒后重试。',
    'wecom.api.invalid_secret': '企业微信拒绝了应用凭证（40001）：请核对 CorpID 与应用 Secret。',
    // Member-facing.
    'wecom.media.not_found': '图片已过期或不存在（企业微信临时素材只保留 3 天），请重新发送。',
    'wecom.card.resent': '原卡片已无法更新，已发送新的卡片。',
    'wecom.card.handled': '已处理',
    'wecom.media.unsupported': '只能接收 JPG、PNG、WebP 或 HEIC 格式的照片，请重新拍照发送。',
  },
  en: {
    'wecom.crypto.signature_mismatch': 'WeCom callback signature mismatch: check the app’s callback Token.',
    'wecom.crypto.illegal_aes_key': 'Invalid EncodingAESKey: it must be the 43 characters generated in the WeCom console.',
    'wecom.crypto.receive_id_mismatch': 'The callback is addressed to another company: CorpID mismatch.',
    'wecom.crypto.decrypt_failed': 'Could not decrypt the callback: check the EncodingAESKey.',
    'wecom.crypto.illegal_buffer': 'The callback content is corrupt or was tampered with; refused.',
    'wecom.xml.doctype_forbidden': 'The callback XML contains a DOCTYPE/ENTITY declaration; refused.',
    'wecom.xml.too_large': 'The callback body is too large; refused.',
    'wecom.xml.xml_parse': 'The callback XML cannot be parsed.',
    'wecom.xml.missing_field': 'The callback lacks the field {field}.',
    'wecom.xml.invalid_field': 'The callback field {field} has an invalid value.',
    'wecom.api.error': 'WeCom API {path} answered error {errcode}: {errmsg}',
    'wecom.api.retryable': 'WeCom API {path} is temporarily unavailable ({errcode}); retrying in {seconds} s.',
    'wecom.api.invalid_secret': 'WeCom refused the app credentials (40001): check the CorpID and the app Secret.',
    'wecom.media.not_found': 'The photo has expired or does not exist (WeCom keeps temporary media for 3 days); please send it again.',
    'wecom.card.resent': 'The original card can no longer be updated; a new card was sent.',
    'wecom.card.handled': 'Handled',
    'wecom.media.unsupported': 'Only JPG, PNG, WebP or HEIC photos can be received; please take the photo again.',
  },
};
