/**
 * Which input an invocation carries. EventBridge events are told apart by `source` and
 * `detail-type`, then validated against that event's schema; a Lambda on-failure record is
 * recognised by its `requestContext`. Anything else is refused with a typed error, so the
 * invocation fails and Lambda's retries and dead-letter destination keep the event.
 */
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import type { z } from 'zod';
import { BOT_ATTACK_EVENT } from '../../infra/aws/facts/traffic';
import { redactAndLimit, redactSecrets } from '../shared/redaction';
import { InvalidAlertEventError, UnsupportedEventError } from './errors';
import {
  AlarmStateChangeSchema,
  BotAttackSuspectedSchema,
  DataQualityResultsSchema,
  GlueJobStateChangeSchema,
  LambdaFailureRecordSchema,
  RedshiftStatementStatusSchema,
  ScheduledEventSchema,
  type AlarmStateChange,
  type BotAttackSuspected,
  type DataQualityResults,
  type GlueJobStateChange,
  type LambdaFailureRecord,
  type RedshiftStatementStatus,
  type ScheduledEvent,
} from './event-schemas';

export type ParsedEvent =
  | { readonly kind: 'glue-job'; readonly event: GlueJobStateChange }
  | { readonly kind: 'glue-data-quality'; readonly event: DataQualityResults }
  | { readonly kind: 'redshift-data'; readonly event: RedshiftStatementStatus }
  | { readonly kind: 'cloudwatch-alarm'; readonly event: AlarmStateChange }
  | { readonly kind: 'lambda-async-failure'; readonly event: LambdaFailureRecord }
  | { readonly kind: 'bot-attack'; readonly event: BotAttackSuspected }
  | { readonly kind: 'schedule'; readonly event: ScheduledEvent };

function validate<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  // Issue paths can hold keys of the input: the message reaches Lambda's log when rethrown.
  throw new InvalidAlertEventError(redactSecrets(`Not a valid ${what}: ${issues}`));
}

/** Free text of an event quoted in an error message: redacted and kept short. */
const shown = (text: string) => redactAndLimit(text, 256);

function isLambdaFailureRecord(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    'requestContext' in input &&
    'requestPayload' in input
  );
}

/** @throws UnsupportedEventError for inputs this function does not handle, InvalidAlertEventError for malformed ones. */
export function parseAlertEvent(input: unknown): ParsedEvent {
  if (isLambdaFailureRecord(input)) {
    return {
      kind: 'lambda-async-failure',
      event: validate(LambdaFailureRecordSchema, input, 'Lambda on-failure destination record'),
    };
  }
  const envelope = EventBridgeSchema.safeParse(input);
  if (!envelope.success) {
    throw new UnsupportedEventError(
      'Input is neither an EventBridge event nor a Lambda on-failure destination record',
    );
  }
  const { source } = envelope.data;
  const detailType = envelope.data['detail-type'];
  switch (`${source}|${detailType}`) {
    case 'aws.glue|Glue Job State Change':
      return { kind: 'glue-job', event: validate(GlueJobStateChangeSchema, input, detailType) };
    case 'aws.glue-dataquality|Data Quality Evaluation Results Available':
      return {
        kind: 'glue-data-quality',
        event: validate(DataQualityResultsSchema, input, detailType),
      };
    case 'aws.redshift-data|Redshift Data Statement Status Change':
      return {
        kind: 'redshift-data',
        event: validate(RedshiftStatementStatusSchema, input, detailType),
      };
    case 'aws.cloudwatch|CloudWatch Alarm State Change':
      return {
        kind: 'cloudwatch-alarm',
        event: validate(AlarmStateChangeSchema, input, detailType),
      };
    case `${BOT_ATTACK_EVENT.source}|${BOT_ATTACK_EVENT.detailType}`:
      return {
        kind: 'bot-attack',
        event: validate(BotAttackSuspectedSchema, input, detailType),
      };
    case 'aws.events|Scheduled Event':
      return { kind: 'schedule', event: validate(ScheduledEventSchema, input, detailType) };
    default:
      // Both are the sender's free text, and the message reaches Lambda's log when rethrown.
      throw new UnsupportedEventError(
        `Unsupported event: source "${shown(source)}", detail-type "${shown(detailType)}"`,
      );
  }
}
