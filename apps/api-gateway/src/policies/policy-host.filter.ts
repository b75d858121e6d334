import type { SqlCondition } from '../labels/label-host.filter';

/**
 * The hosts-list filter `policy_id` (+ `policy_response`) as a condition on the hosts alias: hosts
 * that answered the policy (passing: yes; failing: no).
 */
export function policyHostCondition(policyId: number, response: 'passing' | 'failing' | undefined, hostAlias = 'h'): SqlCondition {
  const passes = response === undefined ? '' : ` AND pfm.passes = ${response === 'passing' ? 1 : 0}`;
  return { sql: `EXISTS (SELECT 1 FROM policy_membership pfm WHERE pfm.policy_id = :policyFilterId AND pfm.host_id = ${hostAlias}.id${passes})`, params: { policyFilterId: policyId } };
}
