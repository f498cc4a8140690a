import { ACTIONS } from '../actions';
import { Card, Notice, actionRef, button, card, field, finishCard, linkButton, notice, option, select } from '../model';

/**
 * Sample cards covering every rendering path (snapshot tests of all renderers use them; the Sandbox demo
 * may too). The text is realistic so snapshots show how WeCom limits cut real content.
 */
export const HAZARD_ID = '3f2b9c1e-8d4a-4b6f-9e21-7a5c0d9e4b13';
/** Permit subject id of the samples. */
export const PERMIT_ID = '9a7e2d40-1c3b-4f5e-8a6d-2b1c0e9f7d35';

const hazardRef = (a: Parameters<typeof actionRef>[0]) => actionRef(a, 'hazard', HAZARD_ID, 3);

/** Buttons, fields, body, photo and link: the assignee's card. */
export function hazardAssignmentCard(): Card {
  return card('hazard.assignment', '隐患整改任务 YH-20261124-0001：二号罐区 T-203 储罐呼吸阀阀盘锈死失效', {
    subtitle: '上报人 张三 · 2026-11-24 09:12',
    tone: 'warning',
    fields: [
      field('等级', '较大隐患'),
      field('区域', '二号罐区'),
      field('类别', '设备设施'),
      field('整改负责人员', '李四（储运车间）'),
      field('期限', '2026-11-27 18:00'),
    ],
    text: '**现象**：T-203 呼吸阀阀盘锈死，罐内压力异常。\n- 先隔离\n- 再更换阀盘',
    image: { fileId: 'sha256-4a1f', alt: '呼吸阀现场照片' },
    link: { label: '查看隐患详情', url: 'https://anquan.example.com/h5/hazards/YH-20261124-0001' },
    buttons: [
      button('接受任务', hazardRef(ACTIONS.hazard_accept), 'primary'),
      button('已整改', hazardRef(ACTIONS.hazard_rectified)),
      button('转交他人', hazardRef(ACTIONS.hazard_delegate)),
    ],
    footer: '编号 YH-20261124-0001',
  });
}

/** Two approvals and a link button: the approver's card. */
export function permitApprovalCard(): Card {
  const ref = (a: Parameters<typeof actionRef>[0]) => actionRef(a, 'permit', PERMIT_ID, 7);
  return card('permit.approval', '动火作业许可待审批', {
    locale: 'en',
    fields: [field('Work', 'Hot work, level 1'), field('Place', 'Tank farm 2'), field('Window', '10:00–16:00')],
    buttons: [
      button('Approve', ref(ACTIONS.permit_approve), 'primary'),
      button('Reject', ref(ACTIONS.permit_reject), 'danger'),
      linkButton('Open permit', 'https://anquan.example.com/h5/permits/DH-0007'),
    ],
  });
}

/** One single-choice select, no buttons: a draft step. */
export function draftAreaCard(): Card {
  const ref = actionRef(ACTIONS.hazard_draft_area, 'draft', 'd-20261124-0001', 1);
  return card('hazard.draft_area', '请选择隐患所在区域', {
    text: '已收到照片和描述。',
    selects: [
      select('area', '区域', [option('tank_farm_2', '二号罐区'), option('pump_room', '泵房'), option('loading_bay', '装卸站台')], ref, {
        selectedIds: ['pump_room'],
      }),
    ],
  });
}

/** Two selects sharing one action: area and category in one step. */
export function draftAreaCategoryCard(): Card {
  const ref = actionRef(ACTIONS.hazard_draft_submit, 'draft', 'd-20261124-0001', 2);
  return card('hazard.draft_details', '补充隐患信息', {
    subtitle: '草稿 d-20261124-0001',
    fields: [field('描述', '呼吸阀锈死')],
    selects: [
      select('area', '区域', [option('tank_farm_2', '二号罐区'), option('pump_room', '泵房')], ref),
      select('category', '类别', [option('equipment', '设备设施'), option('behaviour', '人的不安全行为')], ref),
    ],
  });
}

/** A multiple-choice select: a vote card. */
export function checklistCard(): Card {
  const ref = actionRef(ACTIONS.permit_shift_check, 'permit', PERMIT_ID, 7);
  return card('permit.shift_check', '交接班检查', {
    selects: [
      select(
        'checks',
        '已确认项目',
        [option('gas_test', '气体检测合格'), option('fire_watch', '监火人在岗'), option('extinguisher', '灭火器到位')],
        ref,
        { multiple: true, selectedIds: ['gas_test'] },
      ),
    ],
  });
}

/** One select together with buttons: choice rides along with the button click. */
export function gradeCard(): Card {
  return card('hazard.grade', '请确定隐患等级', {
    selects: [select('grade', '等级', [option('general', '一般隐患'), option('major', '重大隐患')], hazardRef(ACTIONS.hazard_set_grade))],
    buttons: [button('确定', hazardRef(ACTIONS.hazard_set_grade), 'primary'), button('转交他人', hazardRef(ACTIONS.hazard_delegate))],
  });
}

/** The assignment card once someone acted. */
export function finishedHazardCard(): Card {
  return finishCard(hazardAssignmentCard(), '已接受 · 李四 10:32');
}

/** A group notice with photo and link. */
export function dailyNotice(): Notice {
  return notice('今日隐患日报 2026-11-24', '新增 **3** 项，已整改 **5** 项，逾期 **1** 项。\n> 逾期：YH-20261120-0004', {
    kind: 'hazard.daily',
    image: { fileId: 'sha256-9c0d', alt: '趋势图' },
    link: { label: '查看日报', url: 'https://anquan.example.com/h5/reports/daily/2026-11-24' },
  });
}
