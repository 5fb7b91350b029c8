import { Template } from 'aws-cdk-lib/assertions';
import { matchesPattern, parseEventPattern } from '@hybrid-lake/localcloud';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

const ACCOUNT = '123456789012';
const { assembly, stacks, alerting: template } = synth({ env: 'prod' });

/** The template's `Fn::Join`s around the account id, as a deployment in ACCOUNT resolves them. */
function inAccount(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inAccount);
  if (typeof value !== 'object' || value === null) return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    return join[1]
      .map((part) => (JSON.stringify(part) === '{"Ref":"AWS::AccountId"}' ? ACCOUNT : part))
      .join(join[0]);
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, inAccount(inner)]));
}

function rule(name: string): Json {
  const rules = Object.values(
    template.findResources('AWS::Events::Rule', { Properties: { Name: name } }),
  );
  expect(rules).toHaveLength(1);
  return rules[0]!.Properties as Json;
}

/** Whether the deployed rule `name` would route `event` (matched by the localcloud matcher). */
function routes(name: string, event: Json): boolean {
  const pattern = parseEventPattern(JSON.stringify(inAccount(rule(name).EventPattern)));
  return matchesPattern(pattern, {
    account: ACCOUNT,
    region: 'eu-west-1',
    resources: [],
    ...event,
  });
}

const ruleName = (suffix: string) => `hybrid-lake-prod-failure-alerts-${suffix}`;

describe('FailureAlerts (prod): the rules', () => {
  const RULES = [
    'alarm-raised',
    'bot-attack-suspected',
    'data-quality-failed',
    'flush',
    'glue-job-failed',
    'statement-failed',
  ];

  it('listens to exactly five failure sources and the flush schedule', () => {
    const names = Object.values(template.findResources('AWS::Events::Rule')).map(
      (resource) => resource.Properties.Name as string,
    );

    expect(names.sort()).toEqual(RULES.map(ruleName).sort());
  });

  it.each(RULES)(
    '%s invokes the function, dead-lettering what EventBridge cannot deliver',
    (suffix) => {
      expect(rule(ruleName(suffix)).Targets).toEqual([
        {
          Id: 'Target0',
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^FailureAlertsFunction/), 'Arn'] },
          DeadLetterConfig: {
            Arn: { 'Fn::GetAtt': [expect.stringMatching(/^FailureAlertsDeadLetterQueue/), 'Arn'] },
          },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        },
      ]);
    },
  );

  it('flushes every minute', () => {
    expect(rule(ruleName('flush')).ScheduleExpression).toBe('rate(1 minute)');
  });

  it('routes failed, timed-out, stopped and errored runs of the platform’s Glue jobs', () => {
    expect(rule(ruleName('glue-job-failed')).EventPattern).toEqual({
      source: ['aws.glue'],
      'detail-type': ['Glue Job State Change'],
      detail: {
        jobName: [{ prefix: 'hybrid-lake-prod-' }],
        state: ['FAILED', 'TIMEOUT', 'STOPPED', 'ERROR'],
      },
    });
    const run = (jobName: string, state: string) => ({
      source: 'aws.glue',
      'detail-type': 'Glue Job State Change',
      detail: { jobName, state, jobRunId: 'jr_1', message: 'boom' },
    });
    expect(routes(ruleName('glue-job-failed'), run('hybrid-lake-prod-clean', 'TIMEOUT'))).toBe(
      true,
    );
    expect(routes(ruleName('glue-job-failed'), run('hybrid-lake-prod-clean', 'SUCCEEDED'))).toBe(
      false,
    );
    expect(routes(ruleName('glue-job-failed'), run('someone-elses-job', 'FAILED'))).toBe(false);
  });

  it('routes failed Data Quality evaluations of the platform’s jobs and tables', () => {
    const evaluation = (state: string, context: Json) => ({
      source: 'aws.glue-dataquality',
      'detail-type': 'Data Quality Evaluation Results Available',
      detail: { resultID: 'dqresult-1', rulesetNames: ['clean'], state, score: 0.5, context },
    });
    const name = ruleName('data-quality-failed');
    const table = { contextType: 'GLUE_DATA_CATALOG', databaseName: 'hybrid_lake_prod_clean' };

    expect(routes(name, evaluation('FAILED', table))).toBe(true);
    expect(
      routes(
        name,
        evaluation('FAILED', { contextType: 'GLUE_JOB', jobName: 'hybrid-lake-prod-x' }),
      ),
    ).toBe(true);
    expect(routes(name, evaluation('SUCCEEDED', table))).toBe(false);
    expect(routes(name, evaluation('FAILED', { ...table, databaseName: 'other_db' }))).toBe(false);
  });

  it('routes failed and aborted Redshift Data API statements', () => {
    const statement = (state: string) => ({
      source: 'aws.redshift-data',
      'detail-type': 'Redshift Data Statement Status Change',
      detail: { statementId: 'd2e1ec9', state, redshiftQueryId: -1 },
    });
    const name = ruleName('statement-failed');

    expect(routes(name, statement('FAILED'))).toBe(true);
    expect(routes(name, statement('ABORTED'))).toBe(true);
    expect(routes(name, statement('FINISHED'))).toBe(false);
  });

  it('routes the platform’s alarms entering ALARM, except the fabric’s own', () => {
    const alarm = (alarmName: string, value: string) => ({
      source: 'aws.cloudwatch',
      'detail-type': 'CloudWatch Alarm State Change',
      resources: [`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${alarmName}`],
      detail: { alarmName, state: { value }, previousState: { value: 'OK' } },
    });
    const name = ruleName('alarm-raised');

    expect(routes(name, alarm('hybrid-lake-prod-s3-to-adls-dead-letters', 'ALARM'))).toBe(true);
    expect(routes(name, alarm('hybrid-lake-prod-register-partitions-errors', 'ALARM'))).toBe(true);
    expect(routes(name, alarm('hybrid-lake-prod-s3-to-adls-dead-letters', 'OK'))).toBe(false);
    expect(routes(name, alarm('hybrid-lake-prod-failure-alerts-errors', 'ALARM'))).toBe(false);
    expect(routes(name, alarm('hybrid-lake-dev-s3-to-adls-errors', 'ALARM'))).toBe(false);
  });

  it('routes the traffic monitor’s bot-attack events of this environment only', () => {
    const attack = (environment: string, source = 'hybrid-lake.traffic-monitor') => ({
      source,
      'detail-type': 'Bot Attack Suspected',
      detail: { environment, incidentId: '2026-12-05T03:12Z', topic: 'web-logs', requests: 1043 },
    });
    const name = ruleName('bot-attack-suspected');

    expect(rule(name).EventPattern).toEqual({
      source: ['hybrid-lake.traffic-monitor'],
      'detail-type': ['Bot Attack Suspected'],
      detail: { environment: ['prod'] },
    });
    expect(routes(name, attack('prod'))).toBe(true);
    expect(routes(name, attack('dev'))).toBe(false);
    expect(routes(name, attack('prod', 'someone.else'))).toBe(false);
  });
});

describe('alarm actions across the platform (prod)', () => {
  const alarmsOf = (stackName: string) =>
    Object.values(
      Template.fromJSON(
        assembly.getStackByName(stackName).template as Record<string, unknown>,
      ).findResources('AWS::CloudWatch::Alarm'),
    ).map((resource) => resource.Properties as Json);

  it('lets only the fabric’s own alarms publish to the topic directly, as the fallback path', () => {
    const fabric = alarmsOf(stacks.alerting.stackName);

    expect(fabric.map((alarm) => alarm.AlarmName as string).sort()).toEqual([
      'hybrid-lake-prod-failure-alerts-dead-letters',
      'hybrid-lake-prod-failure-alerts-errors',
    ]);
    for (const alarm of fabric)
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlertTopic/) }]);
  });

  it('gives every other alarm no action: its state change reaches SNS through EventBridge', () => {
    const others = [stacks.dataLake, stacks.catalog, stacks.replication].flatMap((stack) =>
      alarmsOf(stack.stackName),
    );

    expect(others.length).toBeGreaterThan(0);
    for (const alarm of others) {
      expect(alarm.AlarmActions).toBeUndefined();
      expect(alarm.AlarmName).toMatch(/^hybrid-lake-prod-/);
      expect(alarm.AlarmName).not.toMatch(/^hybrid-lake-prod-failure-alerts-/);
    }
  });
});
