// Builds findings with the severity the rule catalog gives the id: one id, one severity, so
// SARIF, the docs and the editor agree (a variant with another severity is another id).
import { getRule, type RuleId } from '../catalog/rules';
import type { Finding } from './types';

export function finding(
  ruleId: RuleId,
  message: string,
  start: number,
  end: number,
  extra: Partial<Omit<Finding, 'ruleId' | 'severity'>> = {},
): Finding {
  return { ruleId, severity: getRule(ruleId).severity, message, start, end, fixes: [], ...extra };
}
