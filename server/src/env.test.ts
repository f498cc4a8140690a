import { EnvError, loadEnv } from './env';

describe('env', () => {
  it('has working defaults and turns the Sandbox on without messenger credentials', () => {
    const e = loadEnv({});
    expect(e).toMatchObject({ PORT: 3000, DATA_DIR: './data', sandboxEnabled: true, wecomEnabled: false, dingtalkEnabled: false });
  });

  it('turns the Sandbox off by default when WeCom is configured, and SANDBOX overrides', () => {
    const wecom = { WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'a'.repeat(43) };
    expect(loadEnv(wecom).sandboxEnabled).toBe(false);
    expect(loadEnv({ ...wecom, SANDBOX: '1' }).sandboxEnabled).toBe(true);
    expect(loadEnv({ SANDBOX: '0' }).sandboxEnabled).toBe(false);
  });

  it('lists every invalid variable at once', () => {
    try {
      loadEnv({ PORT: 'abc', WECOM_CORP_ID: 'ww1', LOG_LEVEL: 'loud' });
      throw new Error('expected an EnvError');
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      const text = (err as EnvError).message;
      expect(text).toContain('PORT');
      expect(text).toContain('LOG_LEVEL');
      expect(text).toContain('WECOM_SECRET: required when WECOM_CORP_ID is set');
    }
  });

  it('resolves secrets referenced by plant files', () => {
    expect(loadEnv({ ROBOT_KEY_TANKS: 'k' }).secret('ROBOT_KEY_TANKS')).toBe('k');
  });
});
