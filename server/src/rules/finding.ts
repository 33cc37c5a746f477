// Builds findings with the severity the rule catalog gives the id.
import { getRule, type RuleId } from '../catalog/rules';
import type { Finding } from './types';

export function finding(
  ruleId: RuleId,
  message: string,
  start: number,
  end: number,
  extra: Partial<Finding> = {},
): Finding {
  return { ruleId, severity: getRule(ruleId).severity, message, start, end, fixes: [], ...extra };
}
