import { finishCard } from '../model';
import { finishedHazardCard, hazardAssignmentCard } from './sampleCards';
import { renderWecomUpdate, wecomReplaceName } from './wecomUpdate';

describe('renderWecomUpdate', () => {
  it('turns a finished card into the button form of doc 94888', () => {
    expect(renderWecomUpdate(finishedHazardCard(), { agentId: 1000002, responseCode: 'rc-1', userIds: ['lisi'] })).toEqual({
      userids: ['lisi'],
      agentid: 1000002,
      response_code: 'rc-1',
      button: { replace_name: '已接受 · 李四 10:32' },
    });
  });

  it('updates everyone with atAll', () => {
    const body = renderWecomUpdate(finishedHazardCard(), { agentId: 1, responseCode: 'rc', atAll: true });
    expect(body).toEqual({ atall: 1, agentid: 1, response_code: 'rc', button: { replace_name: '已接受 · 李四 10:32' } });
  });

  it('replaces an unfinished card with a new template card', () => {
    const body = renderWecomUpdate(hazardAssignmentCard(), {
      agentId: 1,
      responseCode: 'rc',
      render: { taskId: 'task-1', defaultUrl: 'https://anquan.example.com/h5' },
    });
    expect('template_card' in body && body.template_card.card_type).toBe('button_interaction');
    expect(() => renderWecomUpdate(hazardAssignmentCard(), { agentId: 1, responseCode: 'rc' })).toThrow('not finished');
  });
});

describe('wecomReplaceName', () => {
  it('cuts the status to one short line', () => {
    const done = finishCard(hazardAssignmentCard(), '已退回\n整改不到位，请重新拍照上传现场照片 · 王五 11:05');
    const name = wecomReplaceName(done);
    expect(Array.from(name)).toHaveLength(20);
    expect(name).not.toContain('\n');
    expect(name.endsWith('…')).toBe(true);
    expect(() => wecomReplaceName(hazardAssignmentCard())).toThrow('no status');
  });
});
