/**
 * `nlink/rules`: policy routing rules. The `fib_rule_hdr` schema, the `Rule`
 * class and the `Connection<Route>` operations (`getRules`, `addRule`...),
 * installed on import.
 *
 * @module
 */

export * as ruleOps from '../route/rule/ops.js';
export { IP_PROTOCOL_NAMES, RULE_TABLE_NAMES, type RuleConfig, type RuleFilter } from '../route/rule/ops.js';
export * from '../route/rule/rule.js';
export * from '../route/rule/schema.js';
