import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import {
  AlarmStateChangeSchema,
  BotAttackSuspectedSchema,
  DataQualityResultsSchema,
  GlueJobStateChangeSchema,
  LambdaFailureRecordSchema,
  RedshiftStatementStatusSchema,
  ScheduledEventSchema,
} from '../../../../lambdas/failure-alerts/event-schemas';
import {
  InvalidAlertEventError,
  UnsupportedEventError,
} from '../../../../lambdas/failure-alerts/errors';
import { parseAlertEvent } from '../../../../lambdas/failure-alerts/parse-event';
import { BOT_ATTACK_EVENT } from '../../../../infra/aws/facts/traffic';
import {
  BOT_ATTACK_SUSPECTED,
  DATA_QUALITY_FAILED,
  DEAD_LETTER_ALARM,
  GLUE_JOB_FAILED,
  LAMBDA_ASYNC_FAILURE,
  REDSHIFT_STATEMENT_FAILED,
  SCHEDULED_EVENT,
  botAttackEvent,
} from '../../../fixtures/events/failure-alerts';

describe('event fixtures', () => {
  it.each([
    ['Glue Job State Change', GLUE_JOB_FAILED, GlueJobStateChangeSchema],
    ['Data Quality Evaluation Results Available', DATA_QUALITY_FAILED, DataQualityResultsSchema],
    [
      'Redshift Data Statement Status Change',
      REDSHIFT_STATEMENT_FAILED,
      RedshiftStatementStatusSchema,
    ],
    ['CloudWatch Alarm State Change', DEAD_LETTER_ALARM, AlarmStateChangeSchema],
    ['Bot Attack Suspected', BOT_ATTACK_SUSPECTED, BotAttackSuspectedSchema],
    ['Scheduled Event', SCHEDULED_EVENT, ScheduledEventSchema],
  ])(
    '%s validates against the Powertools EventBridge schema and its detail schema',
    (_name, fixture, schema) => {
      expect(EventBridgeSchema.safeParse(fixture).success).toBe(true);
      expect(schema.safeParse(fixture).success).toBe(true);
    },
  );

  it('the Lambda on-failure record validates against its schema', () => {
    expect(LambdaFailureRecordSchema.safeParse(LAMBDA_ASYNC_FAILURE).success).toBe(true);
  });

  it('accepts the spelling of the Glue guide sample as well as the delivered one', () => {
    const { numRulesFailed, numRulesSucceeded, numRulesSkipped, resultId, ...rest } =
      DATA_QUALITY_FAILED.detail;
    const sample = {
      ...DATA_QUALITY_FAILED,
      detail: {
        ...rest,
        resultID: resultId,
        rulesFailed: numRulesFailed,
        rulesSucceeded: numRulesSucceeded,
        rulesSkipped: numRulesSkipped,
      },
    };

    const parsed = DataQualityResultsSchema.parse(sample);

    expect(parsed.detail.resultID).toBe(resultId);
    expect(parsed.detail.rulesFailed).toBe(2);
  });
});

describe('parseAlertEvent', () => {
  it.each([
    ['glue-job', GLUE_JOB_FAILED],
    ['glue-data-quality', DATA_QUALITY_FAILED],
    ['redshift-data', REDSHIFT_STATEMENT_FAILED],
    ['cloudwatch-alarm', DEAD_LETTER_ALARM],
    ['lambda-async-failure', LAMBDA_ASYNC_FAILURE],
    ['bot-attack', BOT_ATTACK_SUSPECTED],
    ['schedule', SCHEDULED_EVENT],
  ])('recognises a %s input', (kind, fixture) => {
    expect(parseAlertEvent(fixture).kind).toBe(kind);
  });

  it('refuses an EventBridge event of another source with a typed error naming it', () => {
    const s3Event = { ...GLUE_JOB_FAILED, source: 'aws.s3', 'detail-type': 'Object Created' };

    expect(() => parseAlertEvent(s3Event)).toThrow(UnsupportedEventError);
    expect(() => parseAlertEvent(s3Event)).toThrow(
      'Unsupported event: source "aws.s3", detail-type "Object Created"',
    );
  });

  it.each([null, 'text', 42, { hello: 'world' }, []])(
    'refuses %p as neither EventBridge nor Lambda',
    (input) => {
      expect(() => parseAlertEvent(input)).toThrow(UnsupportedEventError);
    },
  );

  it('refuses a known event with a broken detail, naming the field', () => {
    const broken = {
      ...GLUE_JOB_FAILED,
      detail: { ...GLUE_JOB_FAILED.detail, jobRunId: undefined },
    };

    expect(() => parseAlertEvent(broken)).toThrow(InvalidAlertEventError);
    expect(() => parseAlertEvent(broken)).toThrow(/detail\.jobRunId/);
  });

  it('refuses a Lambda record whose function ARN is not one', () => {
    const broken = {
      ...LAMBDA_ASYNC_FAILURE,
      requestContext: { ...LAMBDA_ASYNC_FAILURE.requestContext, functionArn: 'my-function' },
    };

    expect(() => parseAlertEvent(broken)).toThrow(/requestContext\.functionArn/);
  });

  it('marks both typed errors as not retryable', () => {
    expect(new UnsupportedEventError('x').retryable).toBe(false);
    expect(new InvalidAlertEventError('x').name).toBe('InvalidAlertEventError');
  });
});

describe('Bot Attack Suspected', () => {
  it('is the traffic monitor’s event as its facts name it', () => {
    expect(BOT_ATTACK_SUSPECTED.source).toBe(BOT_ATTACK_EVENT.source);
    expect(BOT_ATTACK_SUSPECTED['detail-type']).toBe(BOT_ATTACK_EVENT.detailType);
  });

  it.each(['ceiling', 'spike', 'ceiling_and_spike'])('accepts the reason %s', (reason) => {
    expect(parseAlertEvent(botAttackEvent({ reason })).kind).toBe('bot-attack');
  });

  it('accepts a minute scored before its trailing window was full (poissonZ null), and no clients', () => {
    const early = { ...botAttackEvent({ reason: 'ceiling', topClients: [] }) };
    const event = { ...early, detail: { ...early.detail, poissonZ: null } };

    const parsed = parseAlertEvent(event);

    expect(parsed.kind === 'bot-attack' && parsed.event.detail.poissonZ).toBeNull();
  });

  const { rule, topClients } = BOT_ATTACK_SUSPECTED.detail;
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown reason', { reason: 'flood' }, /detail\.reason/],
    ['a missing incident id', { incidentId: undefined }, /detail\.incidentId/],
    ['an empty topic', { topic: '' }, /detail\.topic/],
    ['a minute that is not ISO 8601', { minute: '05/12/2026 03:12' }, /detail\.minute/],
    ['a fractional request count', { requests: 10.5 }, /detail\.requests/],
    [
      'a missing poissonZ (null is how "not scored" is said)',
      { poissonZ: undefined },
      /detail\.poissonZ/,
    ],
    [
      'a rule value that is not a number',
      { rule: { ...rule, maxRequestsPerMinute: '600' } },
      /detail\.rule\.maxRequestsPerMinute/,
    ],
    [
      'a client without its address',
      { topClients: [{ requests: 990 }, ...topClients.slice(1)] },
      /detail\.topClients\.0\.client/,
    ],
    ['clients that are not a list', { topClients: '2001:db8:5eed::b07' }, /detail\.topClients/],
  ])('refuses %s with InvalidAlertEventError naming the field', (_what, detail, field) => {
    const broken = {
      ...BOT_ATTACK_SUSPECTED,
      detail: { ...BOT_ATTACK_SUSPECTED.detail, ...detail },
    };

    expect(() => parseAlertEvent(broken)).toThrow(InvalidAlertEventError);
    expect(() => parseAlertEvent(broken)).toThrow(field);
  });

  it('leaves another detail-type of the same source unsupported', () => {
    const other = { ...BOT_ATTACK_SUSPECTED, 'detail-type': 'Minute Summarised' };

    expect(() => parseAlertEvent(other)).toThrow(UnsupportedEventError);
  });
});
