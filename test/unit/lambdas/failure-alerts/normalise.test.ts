import { completeAlert, fingerprintOf } from '../../../../lambdas/failure-alerts/alert';
import { alertFactsOf, exceptionTypeIn } from '../../../../lambdas/failure-alerts/normalise';
import { parseAlertEvent } from '../../../../lambdas/failure-alerts/parse-event';
import {
  DATA_QUALITY_FAILED,
  DEAD_LETTER_ALARM,
  GLUE_JOB_FAILED,
  LAMBDA_ASYNC_FAILURE,
  REDSHIFT_STATEMENT_FAILED,
  glueJobEvent,
} from '../../../fixtures/events/failure-alerts';

const CONTEXT = { environment: 'dev', runbookBaseUrl: 'https://git.example.com/docs/runbooks/' };

function alertOf(event: unknown) {
  const parsed = parseAlertEvent(event);
  if (parsed.kind === 'schedule') throw new Error('not a failure source');
  const facts = alertFactsOf(parsed);
  return facts && completeAlert(facts, CONTEXT);
}

describe('Glue Job State Change', () => {
  it('becomes an error alert for the job and run, classed by state and exception type', () => {
    const alert = alertOf(GLUE_JOB_FAILED)!;

    expect(alert).toMatchObject({
      source: 'glue-job',
      severity: 'error',
      environment: 'dev',
      account: '123456789012',
      region: 'eu-west-1',
      resource: 'hybrid-lake-dev-clean-web-logs',
      errorClass: 'FAILED:AnalysisException',
      runId: GLUE_JOB_FAILED.detail.jobRunId,
      title: 'Glue job hybrid-lake-dev-clean-web-logs FAILED',
      error: GLUE_JOB_FAILED.detail.message,
      time: '2026-03-08T18:02:11Z',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/gluestudio/home?region=eu-west-1#/editor/job/hybrid-lake-dev-clean-web-logs/runs',
      runbookUrl: 'https://git.example.com/docs/runbooks/glue-job.md',
      eventId: GLUE_JOB_FAILED.id,
    });
  });

  it.each([
    ['TIMEOUT', 'error'],
    ['ERROR', 'error'],
    ['STOPPED', 'warning'],
  ])('state %s is a failure of severity %s', (state, severity) => {
    expect(alertOf(glueJobEvent({ state }))?.severity).toBe(severity);
  });

  it.each(['SUCCEEDED', 'RUNNING', 'STARTING'])('state %s raises no alert', (state) => {
    expect(alertOf(glueJobEvent({ state }))).toBeUndefined();
  });
});

describe('Data Quality Evaluation Results Available', () => {
  it('becomes an alert for the table, with the counts and score', () => {
    const alert = alertOf(DATA_QUALITY_FAILED)!;

    expect(alert).toMatchObject({
      source: 'glue-data-quality',
      severity: 'error',
      resource: 'hybrid_lake_dev_clean.customers',
      errorClass: 'FAILED:customers-clean',
      runId: DATA_QUALITY_FAILED.detail.resultId,
      title: 'Data quality FAILED on hybrid_lake_dev_clean.customers, score 0.71',
      error: 'Ruleset(s) customers-clean FAILED: 2 failed, 5 passed, 0 skipped. score 0.71',
      runbookUrl: 'https://git.example.com/docs/runbooks/glue-data-quality.md',
    });
    expect(alert.details).toMatchObject({
      rulesFailed: 2,
      score: 0.71,
      contextType: 'GLUE_DATA_CATALOG',
    });
    expect(alert.consoleUrl).toContain(
      '#/v2/data-catalog/tables/view/customers?database=hybrid_lake_dev_clean',
    );
  });

  it('raises nothing for a passing evaluation', () => {
    const passed = {
      ...DATA_QUALITY_FAILED,
      detail: { ...DATA_QUALITY_FAILED.detail, state: 'SUCCEEDED', score: 1, numRulesFailed: 0 },
    };

    expect(alertOf(passed)).toBeUndefined();
  });

  it('names a job-context evaluation after its job and links to its runs', () => {
    const inJob = {
      ...DATA_QUALITY_FAILED,
      detail: {
        ...DATA_QUALITY_FAILED.detail,
        context: {
          contextType: 'GLUE_JOB',
          jobName: 'hybrid-lake-dev-clean-customers',
          jobId: 'jr_1',
        },
      },
    };

    const alert = alertOf(inJob)!;

    expect(alert.resource).toBe('hybrid-lake-dev-clean-customers');
    expect(alert.consoleUrl).toContain('#/editor/job/hybrid-lake-dev-clean-customers/runs');
  });
});

describe('Redshift Data Statement Status Change', () => {
  it('becomes an alert for the workgroup and statement, pointing at DescribeStatement', () => {
    const alert = alertOf(REDSHIFT_STATEMENT_FAILED)!;

    expect(alert).toMatchObject({
      source: 'redshift-data',
      severity: 'error',
      resource: '6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/transforms.fact_transactions',
      errorClass: 'FAILED',
      statementId: 'd9b6c0c9-0747-4bf4-b142-e8883122f766',
    });
    expect(alert.error).toContain(
      'aws redshift-data describe-statement --id d9b6c0c9-0747-4bf4-b142-e8883122f766',
    );
    expect(alert.error).toContain(new Date(1773081002 * 1000).toISOString());
    expect(alert.consoleUrl).toContain('#serverless-workgroup?workgroup=6f1e2d3c');
  });

  it('treats ABORTED as a warning and FINISHED as no failure', () => {
    const withState = (state: string) => ({
      ...REDSHIFT_STATEMENT_FAILED,
      detail: { ...REDSHIFT_STATEMENT_FAILED.detail, state },
    });

    expect(alertOf(withState('ABORTED'))?.severity).toBe('warning');
    expect(alertOf(withState('FINISHED'))).toBeUndefined();
  });

  it('recognises a provisioned cluster', () => {
    const onCluster = {
      ...REDSHIFT_STATEMENT_FAILED,
      resources: ['arn:aws:redshift:eu-west-1:123456789012:cluster:analytics'],
    };

    expect(alertOf(onCluster)?.consoleUrl).toContain('#cluster-details?cluster=analytics');
  });
});

describe('CloudWatch Alarm State Change', () => {
  it('makes a dead-letter-queue alarm critical and names the queue', () => {
    const alert = alertOf(DEAD_LETTER_ALARM)!;

    expect(alert).toMatchObject({
      source: 'cloudwatch-alarm',
      severity: 'critical',
      resource: 'hybrid-lake-dev-s3-to-adls-dead-letters',
      errorClass: 'ALARM',
      error: DEAD_LETTER_ALARM.detail.state.reason,
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/hybrid-lake-dev-s3-to-adls-dead-letters',
    });
    expect(alert.details).toMatchObject({
      metric: 'AWS/SQS/ApproximateNumberOfMessagesVisible',
      dimensions:
        'QueueName=hybrid-lake-dev-replication-ReplicationQueueDeadLetterQueue-1A2B3C4D5E6F',
      previousState: 'OK',
    });
  });

  it('redacts a secret that only a dimension name and its value make together', () => {
    const [metric] = DEAD_LETTER_ALARM.detail.configuration.metrics;
    const secret = 'Zq8vN3xLr2Tw9yKp';
    const alarm = {
      ...DEAD_LETTER_ALARM,
      detail: {
        ...DEAD_LETTER_ALARM.detail,
        configuration: {
          metrics: [
            {
              ...metric,
              metricStat: {
                ...metric?.metricStat,
                metric: { ...metric?.metricStat.metric, dimensions: { ApiToken: secret } },
              },
            },
          ],
        },
      },
    };

    const alert = alertOf(alarm)!;

    expect(JSON.stringify(alert)).not.toContain(secret);
    expect(alert.details.dimensions).toBe('ApiToken=<redacted>');
  });

  it('makes other alarms errors, and a return to OK no alert', () => {
    const errors = {
      ...DEAD_LETTER_ALARM,
      detail: {
        ...DEAD_LETTER_ALARM.detail,
        configuration: {
          metrics: [
            {
              id: 'm1',
              metricStat: { metric: { namespace: 'AWS/Lambda', name: 'Errors', dimensions: {} } },
            },
          ],
        },
      },
    };
    const ok = {
      ...DEAD_LETTER_ALARM,
      detail: {
        ...DEAD_LETTER_ALARM.detail,
        state: { ...DEAD_LETTER_ALARM.detail.state, value: 'OK' },
      },
    };

    expect(alertOf(errors)?.severity).toBe('error');
    expect(alertOf(ok)).toBeUndefined();
  });
});

describe('Lambda on-failure destination record', () => {
  it('becomes an alert for the function, classed by condition and error type', () => {
    const alert = alertOf(LAMBDA_ASYNC_FAILURE)!;

    expect(alert).toMatchObject({
      source: 'lambda-async-failure',
      severity: 'error',
      account: '123456789012',
      region: 'eu-west-1',
      resource: 'hybrid-lake-dev-register-partitions',
      errorClass: 'RetriesExhausted:EntityNotFoundException',
      runId: LAMBDA_ASYNC_FAILURE.requestContext.requestId,
      time: '2026-03-08T18:52:07.412Z',
    });
    expect(alert.error).toContain('Table web_logs not found');
    expect(alert.details).toMatchObject({
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    });
    expect(String(alert.details.requestPayload)).toContain('part-0001.parquet');
  });

  it('classes an expired event by its condition alone', () => {
    const expired = {
      ...LAMBDA_ASYNC_FAILURE,
      requestContext: { ...LAMBDA_ASYNC_FAILURE.requestContext, condition: 'EventAgeExceeded' },
      responseContext: undefined,
      responsePayload: undefined,
    };

    expect(alertOf(expired)?.errorClass).toBe('EventAgeExceeded');
  });

  it('redacts secrets in the error and in the payload excerpt', () => {
    const leaky = {
      ...LAMBDA_ASYNC_FAILURE,
      requestPayload: { url: 'https://b.s3.amazonaws.com/k?X-Amz-Signature=abc', password: 'p4ss' },
      responsePayload: {
        errorType: 'Error',
        errorMessage: 'login failed: password=p4ss key AKIAIOSFODNN7EXAMPLE',
      },
    };

    const text = JSON.stringify(alertOf(leaky));

    expect(text).not.toContain('p4ss');
    expect(text).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(text).not.toContain('X-Amz-Signature=abc');
  });
});

describe('fingerprints', () => {
  it('are the same for repeats of one failure: other run ids, times and messages', () => {
    const first = alertOf(GLUE_JOB_FAILED)!;
    const repeat = alertOf({
      ...glueJobEvent(
        {
          jobRunId: 'jr_other',
          message: 'AnalysisException: Path does not exist: s3://other/path',
        },
        'another-event-id',
      ),
      time: '2026-03-09T01:00:00Z',
    })!;

    expect(repeat.fingerprint).toBe(first.fingerprint);
  });

  it('differ by resource, by error class and by source', () => {
    const base = fingerprintOf('glue-job', 'job-a', 'FAILED');

    expect(fingerprintOf('glue-job', 'job-b', 'FAILED')).not.toBe(base);
    expect(fingerprintOf('glue-job', 'job-a', 'TIMEOUT')).not.toBe(base);
    expect(fingerprintOf('redshift-data', 'job-a', 'FAILED')).not.toBe(base);
    expect(alertOf(glueJobEvent({ message: 'Py4JJavaError: boom' }))!.fingerprint).not.toBe(
      alertOf(GLUE_JOB_FAILED)!.fingerprint,
    );
  });

  it('cannot be forged by joining fields differently', () => {
    expect(fingerprintOf('glue-job', 'a:b', 'c')).not.toBe(fingerprintOf('glue-job', 'a', 'b:c'));
  });

  it('is stable across releases (a changed hash would reopen every window)', () => {
    expect(fingerprintOf('glue-job', 'job-a', 'FAILED')).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf('glue-job', 'job-a', 'FAILED')).toBe(
      fingerprintOf('glue-job', 'job-a', 'FAILED'),
    );
  });
});

describe('exceptionTypeIn', () => {
  it.each([
    ['AnalysisException: Path does not exist', 'AnalysisException'],
    [
      'An error occurred while calling o102.pyWriteDynamicFrame. java.io.IOException: x',
      'IOException',
    ],
    ['Job run failed', undefined],
  ])('%p → %p', (message, type) => expect(exceptionTypeIn(message)).toBe(type));
});
