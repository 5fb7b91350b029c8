/**
 * A platform event pattern as EventBridge receives it: the envelope's field names in
 * EventBridge's spelling (`detailType` → `detail-type`). The local rules are created from the
 * same pattern objects as the deployed ones (infra/aws/facts), through this.
 */
import type { EventPattern } from '../../../infra/aws/facts/alerting';

/** The EventPattern fields whose JSON name is not their camelCase CDK name. */
const ENVELOPE_FIELD_NAMES: Readonly<Record<string, string>> = { detailType: 'detail-type' };

export function renderEventPattern(pattern: EventPattern): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(pattern)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [ENVELOPE_FIELD_NAMES[field] ?? field, value as unknown]),
  );
}
