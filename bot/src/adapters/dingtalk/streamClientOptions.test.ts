import { backoffDelay, resolveStreamOptions } from './streamClientOptions';

describe('backoffDelay', () => {
  it.each([
    [1, 1000], [2, 2000], [3, 4000], [7, 60_000], [100, 60_000], [0, 1000],
  ])('attempt %i → %i ms', (attempt, ms) => {
    expect(backoffDelay(attempt, 1000, 60_000)).toBe(ms);
  });
});

describe('resolveStreamOptions', () => {
  it('subscribes robot and card callbacks and no events by default', () => {
    const o = resolveStreamOptions({ clientId: 'c', clientSecret: 's', logger: { debug() {}, info() {}, warn() {}, error() {} } });
    expect(o.callbackTopics).toEqual(['/v1.0/im/bot/messages/get', '/v1.0/card/instances/callback']);
    expect(o.subscribeEvents).toBe(false);
    expect(o.gatewayUrl).toBe('https://api.dingtalk.com/v1.0/gateway/connections/open');
    expect(o.tokenUrl).toBe('https://oapi.dingtalk.com/gettoken');
  });
});
