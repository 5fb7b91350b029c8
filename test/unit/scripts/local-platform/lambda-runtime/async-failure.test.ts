import { LambdaFailureRecordSchema } from '../../../../../lambdas/failure-alerts/event-schemas';
import {
  failureRecord,
  retryDelayMs,
} from '../../../../../scripts/local-platform/lambda-runtime/async-failure';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:hybrid-lake-dev-warehouse-elt';

describe('failureRecord', () => {
  it('writes the invocation record of an on-failure destination, with the last error', () => {
    const record = failureRecord({
      requestId: 'req-1',
      functionArn: FUNCTION_ARN,
      condition: 'RetriesExhausted',
      invokeCount: 3,
      event: { source: 'aws.glue' },
      lastError: {
        errorType: 'EltError',
        errorMessage: 'COPY failed',
        trace: ['EltError: COPY failed'],
      },
      now: new Date('2026-03-09T02:00:05.000Z'),
    });

    const parsed = LambdaFailureRecordSchema.parse(record);
    expect(parsed).toEqual({
      version: '1.0',
      timestamp: '2026-03-09T02:00:05.000Z',
      requestContext: {
        requestId: 'req-1',
        functionArn: `${FUNCTION_ARN}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { source: 'aws.glue' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'EltError',
        errorMessage: 'COPY failed',
        trace: ['EltError: COPY failed'],
      },
    });
  });

  it('has no response when the event expired before any attempt', () => {
    const record = failureRecord({
      requestId: 'req-2',
      functionArn: FUNCTION_ARN,
      condition: 'EventAgeExceeded',
      invokeCount: 0,
      event: {},
      lastError: undefined,
      now: new Date('2026-03-09T02:00:05.000Z'),
    });

    expect(LambdaFailureRecordSchema.parse(record).responseContext).toBeUndefined();
    expect(record).not.toHaveProperty('responsePayload');
  });
});

describe('retryDelayMs', () => {
  it('takes the delay of each retry in turn and repeats the last one', () => {
    expect([1, 2, 3].map((retry) => retryDelayMs([1000, 2000], retry))).toEqual([1000, 2000, 2000]);
  });
});
