import { AlarmRule } from './alarmTypes';

/** One problem in the rule configuration: the index of the rule and a stable code. */
export interface RuleIssue {
  index: number;
  ruleId: string;
  code:
    | 'duplicate_rule_id'
    | 'missing_id'
    | 'missing_tag'
    | 'not_finite'
    | 'negative_duration'
    | 'negative_deadband'
    | 'non_positive_threshold'
    | 'deadband_too_wide'
    | 'unknown_kind';
  field: string;
}

const SEVERITIES = new Set(['low', 'medium', 'high', 'critical']);

/**
 * Checks a rule set before the engine is built. Static configuration errors stop start-up
 * (architecture: "config errors stop start-up with file + path"), so this returns every issue
 * at once instead of failing on the first.
 */
export function validateRules(rules: readonly AlarmRule[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const add = (code: RuleIssue['code'], field: string) => issues.push({ index, ruleId: rule.id, code, field });
    if (!rule.id) add('missing_id', 'id');
    else if (seen.has(rule.id)) add('duplicate_rule_id', 'id');
    seen.add(rule.id);
    if (!rule.tagId) add('missing_tag', 'tagId');
    if (!SEVERITIES.has(rule.severity)) add('unknown_kind', 'severity');
    for (const f of ['sustainSeconds', 'clearSeconds'] as const) {
      const v = rule[f];
      if (v !== undefined && !(Number.isFinite(v) && v >= 0)) add('negative_duration', f);
    }
    const db = rule.deadband ?? 0;
    if (!(Number.isFinite(db) && db >= 0)) add('negative_deadband', 'deadband');
    switch (rule.kind) {
      case 'high':
      case 'low':
        if (!Number.isFinite(rule.limit)) add('not_finite', 'limit');
        break;
      case 'deviation':
        if (!Number.isFinite(rule.setpoint)) add('not_finite', 'setpoint');
        if (!(rule.deviation > 0)) add('non_positive_threshold', 'deviation');
        // A deadband as wide as the band itself could never be left, so the alarm would never clear.
        else if (db >= rule.deviation) add('deadband_too_wide', 'deadband');
        break;
      case 'rate':
        if (!(rule.ratePerMinute > 0)) add('non_positive_threshold', 'ratePerMinute');
        else if (db >= rule.ratePerMinute) add('deadband_too_wide', 'deadband');
        if (!(rule.windowSeconds > 0)) add('non_positive_threshold', 'windowSeconds');
        break;
      default:
        add('unknown_kind', 'kind');
    }
  });
  return issues;
}
