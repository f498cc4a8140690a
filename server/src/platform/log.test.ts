import { Writable } from 'node:stream';
import { createLogger, redactUrl } from './log';

describe('log redaction', () => {
  it('removes tokens from URLs', () => {
    expect(redactUrl('/cgi-bin/gettoken?corpid=ww1&corpsecret=abc&x=1')).toBe('/cgi-bin/gettoken?corpid=ww1&corpsecret=[redacted]&x=1');
    expect(redactUrl('https://h/x?access_token=T0K3N')).toBe('https://h/x?access_token=[redacted]');
  });

  it('blanks authorization headers and url secrets in records', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ req: { headers: { authorization: 'Bearer s3cret' } }, url: '/a?token=zzz' }, 'hello');
    const out = lines.join('');
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('zzz');
    expect(out).toContain('[redacted]');
  });
});
