import {
  checkTimestamp,
  decryptPayload,
  decryptPayloadParts,
  deriveAesKey,
  encryptPayload,
  encryptReply,
  verifySignature,
} from './wecomCrypto';
import { WecomCryptoError } from './wecomErrors';

// Published vectors, verbatim from integrations.md §1.5 (official WeCom / WeChat samples).
const T = 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo';
const K = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt';
const C = 'ww1436e0e65a779aee';
const A = 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==';
const B =
  'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+';
const B_MSG =
  '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>';
const CJ =
  'cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=';
const CJ_MSG =
  '{ "ToUserName": "wx5823bf96d3bd56c7", "FromUserName": :mycreate", "CreateTime": 1409659813, "MsgType": "text", "Content": "hello", "MsgId": 4561255354251345929, "AgentID": 218}';
const T2 = 'QDG6eK';
const K2 = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const C2 = 'wx5823bf96d3bd56c7';
const H = decodeURIComponent(
  'P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
);
const I =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const I_MSG =
  '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>';
const K3 = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APP = 'wxb11529c136998cb6';
const R = Buffer.from('aaaabbbbccccdddd');
const F_OUT = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==';
const G_IN =
  '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>';
const G_OUT =
  'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb';

function cryptoCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof WecomCryptoError) return e.code;
    throw e;
  }
  return 'no_error';
}

/** Flips one bit of the decoded ciphertext at `byteIndex` and re-encodes it. */
function flip(b64: string, byteIndex: number): string {
  const buf = Buffer.from(b64, 'base64');
  buf[byteIndex] ^= 0x01;
  return buf.toString('base64');
}

describe('verifySignature: published vectors', () => {
  it.each([
    ['A (URL check)', T, '1476416373', '47744683', A, '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb'],
    ['B (XML POST)', T, '1476422779', '1597212914', B, '0c3914025cb4b4d68103f6bfc8db550f79dcf48e'],
    ['C (JSON POST)', T, '1409659813', '1372623149', CJ, 'e3647471e395139e2308c1fa963f2d648a00b90e'],
    ['H (URL check, old key)', T2, '1409659589', '263014780', H, '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3'],
    ['I (XML POST, old key)', T2, '1409659813', '1372623149', I, '477715d11cdb4164915debcba66cb864d751f3e6'],
  ])('%s matches', (_name, token, timestamp, nonce, encrypt, signature) => {
    expect(verifySignature({ token, timestamp, nonce, encrypt, signature })).toBe(true);
    expect(verifySignature({ token, timestamp, nonce, encrypt, signature: signature.toUpperCase() })).toBe(true);
  });

  it('rejects vector I signed with the other token (negative check)', () => {
    expect(
      verifySignature({ token: T, timestamp: '1409659813', nonce: '1372623149', encrypt: I, signature: '477715d11cdb4164915debcba66cb864d751f3e6' }),
    ).toBe(false);
  });

  it('rejects a tampered ciphertext, a changed nonce and malformed signatures', () => {
    const base = { token: T, timestamp: '1476422779', nonce: '1597212914', encrypt: B, signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e' };
    expect(verifySignature({ ...base, encrypt: flip(B, 40) })).toBe(false);
    expect(verifySignature({ ...base, nonce: '1597212915' })).toBe(false);
    expect(verifySignature({ ...base, signature: '' })).toBe(false);
    expect(verifySignature({ ...base, signature: base.signature.slice(0, 39) })).toBe(false);
    expect(verifySignature({ ...base, signature: `${base.signature}00` })).toBe(false);
    expect(verifySignature({ ...base, signature: 'z'.repeat(40) })).toBe(false);
  });
});

describe('decryptPayload: published vectors', () => {
  it('A decrypts to the echo string, corp id and random', () => {
    const parts = decryptPayloadParts(K, A);
    expect(parts).toEqual({ message: '1288432023552776189', receiveId: C, random: Buffer.from('8908d0ff052afda0') });
    expect(decryptPayload(K, A, C)).toBe('1288432023552776189');
  });

  it('B decrypts to the sample text message', () => {
    const parts = decryptPayloadParts(K, B);
    expect(parts.random.toString()).toBe('694ce5a83ae07fe3');
    expect(decryptPayload(K, B, C)).toBe(B_MSG);
  });

  it('C decrypts to the (deliberately invalid) JSON sample, 176 bytes', () => {
    const parts = decryptPayloadParts(K, CJ);
    expect(parts.random.toString()).toBe('dDVXRx6kn1gOT43Q');
    expect(Buffer.byteLength(parts.message)).toBe(176);
    expect(decryptPayload(K, CJ, C)).toBe(CJ_MSG);
  });

  it('H and I decrypt with the older sample key', () => {
    expect(decryptPayload(K2, H, C2)).toBe('1616140317555161061');
    expect(decryptPayload(K2, I, C2)).toBe(I_MSG);
  });
});

describe('encryptPayload / encryptReply: deterministic vectors F and G', () => {
  it('F: Chinese short message', () => {
    expect(encryptPayload(K3, '我是中文abcd123', APP, R)).toBe(F_OUT);
    expect(decryptPayload(K3, F_OUT, APP)).toBe('我是中文abcd123');
  });

  it('G: full reply XML', () => {
    expect(encryptPayload(K3, G_IN, APP, R)).toBe(G_OUT);
    expect(decryptPayload(K3, G_OUT, APP)).toBe(G_IN);
  });

  it('encryptReply signs what it encrypts and round-trips', () => {
    const reply = encryptReply({ token: 'pamtest', encodingAesKey: K3, receiveId: APP, message: G_IN, timestamp: '1409304348', nonce: 'xxxxxx', random: R });
    expect(reply.encrypt).toBe(G_OUT);
    expect(verifySignature({ token: 'pamtest', timestamp: '1409304348', nonce: 'xxxxxx', encrypt: reply.encrypt, signature: reply.signature })).toBe(true);
    expect(reply.xml).toBe(
      `<xml><Encrypt><![CDATA[${G_OUT}]]></Encrypt><MsgSignature><![CDATA[${reply.signature}]]></MsgSignature><TimeStamp>1409304348</TimeStamp><Nonce><![CDATA[xxxxxx]]></Nonce></xml>`,
    );
  });

  it('uses fresh randomness when none is given', () => {
    const a = encryptPayload(K, 'same', C);
    const b = encryptPayload(K, 'same', C);
    expect(a).not.toBe(b);
    expect(decryptPayload(K, a, C)).toBe('same');
  });
});

describe('deriveAesKey: published derived keys', () => {
  it.each([
    [K, 'eaa91d32babaf274ca76ece72583b5037ed6da8120a64314be4b6d453a2a854b'],
    [K2, '8d69989bbaabe67328014c194631ad0719b3dca035b64023df292447aab60760'],
    [K3, '69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051'],
  ])('%s', (encodingAesKey, hex) => {
    const { key, iv } = deriveAesKey(encodingAesKey);
    expect(key.toString('hex')).toBe(hex);
    expect(iv.toString('hex')).toBe(hex.slice(0, 32));
  });

  it('IV of the WeCom sample key is the published one', () => {
    expect(deriveAesKey(K).iv.toString('hex')).toBe('eaa91d32babaf274ca76ece72583b503');
  });
});

describe('decryptPayload: failures are typed', () => {
  it('wrong key fails', () => {
    expect(['decrypt_failed', 'illegal_buffer']).toContain(cryptoCode(() => decryptPayload(K2, A, C)));
    expect(['decrypt_failed', 'illegal_buffer']).toContain(cryptoCode(() => decryptPayload(K, I, C2)));
    expect(['decrypt_failed', 'illegal_buffer']).toContain(cryptoCode(() => decryptPayload(K3, B, C)));
  });

  it('another corp id fails with receive_id_mismatch', () => {
    expect(cryptoCode(() => decryptPayload(K, A, 'ww0000000000000000'))).toBe('receive_id_mismatch');
    expect(cryptoCode(() => decryptPayload(K, B, C2))).toBe('receive_id_mismatch');
  });

  it('a flipped bit in the last block breaks the padding', () => {
    const len = Buffer.from(B, 'base64').length;
    expect(cryptoCode(() => decryptPayload(K, flip(B, len - 1), C))).toBe('decrypt_failed');
    expect(cryptoCode(() => decryptPayload(K, flip(B, len - 20), C))).toBe('decrypt_failed');
  });

  it('a flipped bit in the msg_len field is caught by the length check', () => {
    // CBC: flipping ciphertext byte 0 flips plaintext byte 16, the high byte of msg_len.
    expect(cryptoCode(() => decryptPayload(K, flip(B, 0), C))).toBe('illegal_buffer');
  });

  it('a tampered middle block garbles the text, which then is not UTF-8', () => {
    expect(cryptoCode(() => decryptPayload(K, flip(B, 100), C))).toBe('illegal_buffer');
  });

  it('malformed input: bad key, bad base64, truncated ciphertext, empty', () => {
    expect(cryptoCode(() => decryptPayload('short', A, C))).toBe('illegal_aes_key');
    expect(cryptoCode(() => decryptPayload(`${K.slice(0, 42)}!`, A, C))).toBe('illegal_aes_key');
    expect(cryptoCode(() => decryptPayload(K, 'not base64!!', C))).toBe('decrypt_failed');
    expect(cryptoCode(() => decryptPayload(K, Buffer.from(A, 'base64').subarray(0, 40).toString('base64'), C))).toBe('decrypt_failed');
    expect(cryptoCode(() => decryptPayload(K, '', C))).toBe('decrypt_failed');
  });

  it('carries the WXBizMsgCrypt numeric code', () => {
    try {
      decryptPayload(K, A, 'other');
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(WecomCryptoError);
      expect((e as WecomCryptoError).wxCode).toBe(-40005);
    }
  });
});

describe('checkTimestamp', () => {
  const now = new Date(1476422779 * 1000);
  it.each([
    ['1476422779', 300, true],
    ['1476422479', 300, true],
    ['1476422478', 300, false],
    ['1476423079', 300, true],
    ['1476423080', 300, false],
    ['', 300, false],
    ['14764x2779', 300, false],
    ['-1476422779', 300, false],
  ])('%s within %i s → %s', (ts, window, ok) => {
    expect(checkTimestamp(ts, now, window)).toBe(ok);
  });
});
