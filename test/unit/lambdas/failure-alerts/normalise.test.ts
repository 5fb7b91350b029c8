import { spikeLimit } from '../../../../lambdas/traffic-monitor/bot-rule';
import { TOP_CLIENTS } from '../../../../lambdas/traffic-monitor/window-counts';
import { completeAlert, fingerprintOf } from '../../../../lambdas/failure-alerts/alert';
import { alertFactsOf, exceptionTypeIn } from '../../../../lambdas/failure-alerts/normalise';
import { parseAlertEvent } from '../../../../lambdas/failure-alerts/parse-event';
import { anscombeZ } from '../../../../lambdas/traffic-monitor/bot-rule';
import {
  BOT_ATTACK_SUSPECTED,
  DATA_QUALITY_FAILED,
  DEAD_LETTER_ALARM,
  GLUE_JOB_FAILED,
  LAMBDA_ASYNC_FAILURE,
  REDSHIFT_STATEMENT_FAILED,
  botAttackEvent,
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

describe('Bot Attack Suspected', () => {
  it('becomes a critical alert on the topic, at the flagged minute, naming rate and threshold', () => {
    const alert = alertOf(BOT_ATTACK_SUSPECTED)!;

    expect(alert).toMatchObject({
      source: 'bot-attack',
      severity: 'critical',
      environment: 'dev',
      account: '123456789012',
      region: 'eu-west-1',
      resource: 'web-logs',
      errorClass: 'CEILING_AND_SPIKE:2026-12-05T03:12Z',
      title: 'Bot attack suspected on web-logs: 1043 requests in 03:12 UTC (ceiling 600/min)',
      time: '2026-12-05T03:12:00.000Z',
      runbookUrl: 'https://git.example.com/docs/runbooks/bot-attack.md',
      eventId: BOT_ATTACK_SUSPECTED.id,
    });
    expect(alert.runId).toBeUndefined();
    expect(alert.details).toEqual({
      incidentId: '2026-12-05T03:12Z',
      reason: 'ceiling_and_spike',
      requests: 1043,
      distinctClients: 57,
      trailingRate: 31.4,
      poissonZ: 53.33,
      rule: 'maxRequestsPerMinute=600, trailingMinutes=15, poissonZ=4.75, minRequests=20',
      topClients:
        '2001:db8:5eed::b07 (990), 198.51.100.23 (4), 203.0.113.7 (3), 2001:db8:1::42 (2), 192.0.2.150 (2)',
    });
  });

  it('states the rule, the minute’s scores and the busiest clients in the error, addresses kept', () => {
    const { error } = alertOf(BOT_ATTACK_SUSPECTED)!;

    expect(error).toContain(
      '1043 requests from 57 distinct clients on web-logs in the minute from 2026-12-05T03:12:00.000Z (incident 2026-12-05T03:12Z)',
    );
    expect(error).toContain(
      'Rule: more than 600 requests in a minute (ceiling), or at least 20 requests and a Poisson z of 4.75 or more against the rate of the trailing 15 minutes (spike).',
    );
    expect(error).toContain('trailing rate 31.4/min, Poisson z 53.3, spike limit 64/min');
    expect(error).toContain(
      'Busiest clients (requests in the minute):\n  2001:db8:5eed::b07  990\n  198.51.100.23       4\n',
    );
  });

  it('names the spike limit of the minute when only the spike rule flagged it', () => {
    const alert = alertOf(botAttackEvent({ reason: 'spike', requests: 180, poissonZ: 15.6 }))!;

    expect(alert.title).toBe(
      'Bot attack suspected on web-logs: 180 requests in 03:12 UTC (spike limit 64/min)',
    );
    expect(alert.errorClass).toBe('SPIKE:2026-12-05T03:12Z');
  });

  it('says the minute was not scored when the trailing window was not full', () => {
    const event = botAttackEvent({ reason: 'ceiling' });
    const alert = alertOf({ ...event, detail: { ...event.detail, poissonZ: null } })!;

    expect(alert.details.poissonZ).toBeUndefined();
    expect(alert.error).toContain('Poisson z not scored (the trailing window was not yet full)');
  });

  it(`lists at most ${TOP_CLIENTS} clients, busiest first, whatever order they came in`, () => {
    const topClients = [1, 7, 3, 9, 5, 2].map((requests) => ({
      client: `198.51.100.${requests}`,
      requests,
    }));

    const alert = alertOf(botAttackEvent({ topClients }))!;

    expect(alert.details.topClients).toBe(
      '198.51.100.9 (9), 198.51.100.7 (7), 198.51.100.5 (5), 198.51.100.3 (3), 198.51.100.2 (2)',
    );
  });

  it('opens the monitor’s requests graph around the minute, the ceiling and the minute marked', () => {
    const { consoleUrl } = alertOf(BOT_ATTACK_SUSPECTED)!;

    expect(consoleUrl).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#metricsV2:graph=' +
        "~(metrics~(~(~'HybridLake~'Requests~'service~'traffic-monitor)" +
        "~(~'HybridLake~'DistinctClients~'service~'traffic-monitor~(stat~'Maximum~yAxis~'right)))" +
        "~view~'timeSeries~stacked~false~region~'eu-west-1~stat~'Sum~period~60" +
        "~start~'2026-12-05T02*3a12*3a00.000Z~end~'2026-12-05T04*3a12*3a00.000Z" +
        "~annotations~(horizontal~(~(label~'ceiling~value~600))" +
        "~vertical~(~(label~'first*20flagged*20minute~value~'2026-12-05T03*3a12*3a00.000Z))))",
    );
  });

  it('redacts a secret a client field carries, and keeps the other addresses', () => {
    const secret = 'ghp_Zq8vN3xLr2Tw9yKpZq8vN3xLr2Tw9yKp1234';
    const topClients = [
      { client: `token=${secret}`, requests: 990 },
      ...BOT_ATTACK_SUSPECTED.detail.topClients.slice(1),
    ];

    const alert = alertOf(botAttackEvent({ topClients }))!;

    expect(JSON.stringify(alert)).not.toContain(secret);
    expect(alert.error).toContain('198.51.100.23');
  });
});

describe('spikeLimit', () => {
  it.each([
    [31.4, 4.75],
    [0, 4.75],
    [250, 4.75],
    [1000.5, 3],
  ])(
    'at a trailing rate of %p and z %p, is the fewest requests the monitor’s rule flags',
    (rate, poissonZ) => {
      const limit = spikeLimit(rate, { poissonZ, minRequests: 1 });

      expect(anscombeZ(limit, rate)).toBeGreaterThanOrEqual(poissonZ);
      expect(anscombeZ(limit - 1, rate)).toBeLessThan(poissonZ);
    },
  );

  it('is never below minRequests', () => {
    expect(spikeLimit(0, { poissonZ: 4.75, minRequests: 20 })).toBe(20);
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

  it('are one per bot-attack incident: the same for its redeliveries, new for a later incident', () => {
    const first = alertOf(BOT_ATTACK_SUSPECTED)!;
    const redelivered = alertOf({
      ...botAttackEvent({}, 'a-redelivery-of-the-same-incident'),
      time: '2026-12-05T03:16:30Z',
    })!;
    const later = alertOf(
      botAttackEvent({ incidentId: '2026-12-05T04:40Z', minute: '2026-12-05T04:40:00.000Z' }),
    )!;

    expect(redelivered.fingerprint).toBe(first.fingerprint);
    expect(later.fingerprint).not.toBe(first.fingerprint);
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
