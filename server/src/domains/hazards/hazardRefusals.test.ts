import { refusalError, refusalMessage } from './hazardRefusals';

describe('refusalError', () => {
  it.each([
    ['missing_right', 'forbidden', 403],
    ['not_assignee', 'forbidden', 403],
    ['self_verification', 'forbidden', 403],
    ['reason_required', 'validation_failed', 400],
    ['after_photo_required', 'validation_failed', 400],
    ['already_closed', 'action_refused', 409],
    ['delegate_not_allowed', 'action_refused', 409],
    ['major_elements_missing', 'action_refused', 409],
  ] as const)('%s → %s (%d)', (code, errorCode, status) => {
    const e = refusalError('zh-CN', { code });
    expect(e.code).toBe(errorCode);
    expect(e.status).toBe(status);
    expect(e.details?.reason).toBe(code);
  });

  it('names the field and translates code params', () => {
    expect(refusalError('en', { code: 'reason_required' }).details?.fields).toEqual([{ field: 'body.reason', message: 'reason_required' }]);
    expect(refusalError('en', { code: 'invalid_major_elements', params: { fields: ['funds', 'responsible_person'] } }).details?.fields).toEqual([
      { field: 'body.fundsYuan', message: 'invalid_major_elements' },
      { field: 'body.responsiblePersonId', message: 'invalid_major_elements' },
    ]);
    expect(refusalMessage('zh-CN', { code: 'missing_right', params: { right: 'hazard.verify' } })).toBe('您没有此操作的权限（hazard.verify）。');
    expect(refusalMessage('en', { code: 'already_closed' })).toBe('This hazard is already closed.');
  });
});
