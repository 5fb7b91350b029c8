import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { LambdaFailureRecordSchema } from '../../../../lambdas/failure-alerts/event-schemas';
import { InvalidExportEventError } from '../../../../lambdas/export-recommendations/errors';
import { parseExportTrigger } from '../../../../lambdas/export-recommendations/event';
import type { EltRunResult } from '../../../../lambdas/warehouse-elt/elt-run';
import { ELT_RAN_STATUS } from '../../../../infra/aws/facts/warehouse';
import { eltRanPayload, eltSucceeded } from '../../../fixtures/events/warehouse';

describe('parseExportTrigger', () => {
  it('exports the day the ELT loaded, from its on-success record', () => {
    expect(parseExportTrigger(eltSucceeded(eltRanPayload('2024-05-01')))).toEqual({
      kind: 'elt',
      day: '2024-05-01',
      eltRequestId: 'c2a6f2ae-7dbb-4d22-8782-d0485c9877e2',
    });
  });

  it('exports the given day of a manual run', () => {
    expect(parseExportTrigger({ day: '2024-02-29' })).toEqual({
      kind: 'manual',
      day: '2024-02-29',
    });
  });

  it('acknowledges a successful ELT run that loaded nothing, without work', () => {
    expect(
      parseExportTrigger(eltSucceeded({ status: 'ignored', reason: 'job x ended FAILED' })),
    ).toEqual({ kind: 'ignored', reason: 'the ELT run ended "ignored"' });
  });

  it.each([
    ['a day that does not exist', { day: '2024-02-30' }],
    ['a month that does not exist', { day: '2024-13-01' }],
    ['a time instead of a day', { day: '2024-05-01T00:00:00Z' }],
    ['an extra field', { day: '2024-05-01', force: true }],
    ['a Glue event', { source: 'aws.glue', 'detail-type': 'Glue Job State Change' }],
    [
      'a failure record',
      { ...eltSucceeded(), 'detail-type': 'Lambda Function Invocation Result - Failure' },
    ],
    ['a run that says it ran but names no day', eltSucceeded({ status: 'ran' })],
    ['nothing', undefined],
  ])('refuses %s', (_case, input) => {
    expect(() => parseExportTrigger(input)).toThrow(InvalidExportEventError);
  });

  it('reads the fixture as EventBridge delivers it: the envelope, and an invocation record as detail', () => {
    const event = eltSucceeded();

    expect(EventBridgeSchema.safeParse(event).success).toBe(true);
    expect(LambdaFailureRecordSchema.safeParse(event.detail).success).toBe(true);
  });

  it('matches the status the ELT reports when it loaded a day', () => {
    const ran: EltRunResult['status'] = 'ran';
    expect(ELT_RAN_STATUS).toBe(ran);
  });
});
