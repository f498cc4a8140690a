import { CertificateRequirement } from './permitModel';
import { gb } from './policyLeaves';

const ELECTRICIAN = ['special_op_electrician_lv', 'special_op_electrician_hv', 'special_op_electrician_ex'] as const;

/**
 * Which certificates each role on each permit needs. Special operators hold a 特种作业操作证
 * (4.9, Order 30), crane people a special-equipment card (TSG, [S]), and every guardian the
 * guardian training certificate (4.10).
 */
export const NATIONAL_CERTIFICATE_REQUIREMENTS: CertificateRequirement[] = [
  { workType: '*', personRole: 'guardian', anyOf: ['guardian_training'], sourceRef: gb('4.10') },
  { workType: 'HOT', personRole: 'performer', anyOf: ['special_op_welding'], condition: 'welding_or_cutting', sourceRef: gb('4.9, A.1 动火人及证书编号') },
  { workType: 'TMP', personRole: 'performer', anyOf: [...ELECTRICIAN], sourceRef: gb('A.6 作业人电工证号') },
  { workType: 'TMP', personRole: 'work_leader', anyOf: [...ELECTRICIAN], sourceRef: gb('A.6 作业负责人电工证号') },
  { workType: 'LFT', personRole: 'crane_operator', anyOf: ['special_equipment_crane_operator'], sourceRef: gb('4.9, A.5 item 11') },
  { workType: 'LFT', personRole: 'lifting_director', anyOf: ['special_equipment_crane_signaller'], sourceRef: gb('4.9, A.5 item 11') },
  {
    workType: 'HGT', personRole: 'performer', anyOf: ['special_op_height_scaffold', 'special_op_height_maintenance'],
    condition: 'height_special_operation', sourceRef: gb('4.9') + ' (特种作业目录 高处作业)',
  },
];
