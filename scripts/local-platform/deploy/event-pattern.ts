/**
 * A CDK `EventPattern` as CloudFormation receives it: `events.Match` tokens resolved, and the
 * envelope's field names in EventBridge's spelling (`detailType` → `detail-type`). The local
 * rules are created from the same pattern objects as the deployed ones, through this.
 */
import { Stack, type aws_events as events } from 'aws-cdk-lib';

/** The EventPattern fields whose JSON name is not their camelCase CDK name. */
const ENVELOPE_FIELD_NAMES: Readonly<Record<string, string>> = { detailType: 'detail-type' };

/** A pattern that still holds a CloudFormation token after resolution (an unresolved ARN). */
export class UnresolvedEventPatternError extends Error {
  override readonly name = 'UnresolvedEventPatternError';
}

/** One scratch stack: resolving `Match` tokens needs a stack, not a particular one. */
let scratch: Stack | undefined;

export function renderEventPattern(pattern: events.EventPattern): Record<string, unknown> {
  scratch ??= new Stack(undefined, 'EventPatternRendering');
  const resolved = scratch.resolve(pattern) as Record<string, unknown>;
  const rendered = Object.fromEntries(
    Object.entries(resolved)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [ENVELOPE_FIELD_NAMES[field] ?? field, value]),
  );
  const json = JSON.stringify(rendered);
  if (/"(Ref|Fn::[A-Za-z]+)"/.test(json)) {
    throw new UnresolvedEventPatternError(
      `the event pattern refers to deploy-time values and cannot be used locally: ${json}`,
    );
  }
  return rendered;
}
