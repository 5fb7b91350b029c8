import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  EventBridgeClient,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from '@hybrid-lake/localcloud';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const events = () => new EventBridgeClient(cloud().clientConfig);
const sqs = () => new SQSClient(cloud().clientConfig);
const ACCESS_EVENTS_PATTERN = JSON.stringify({
  source: ['aws.s3'],
  'detail-type': ['Object Created'],
  detail: { bucket: { name: ['b'] }, object: { key: [{ prefix: 'access_events/' }] } },
});

async function queueWithRule(pattern: string, target: { Input?: string; InputPath?: string } = {}) {
  const QueueUrl = (await sqs().send(new CreateQueueCommand({ QueueName: 'landing' }))).QueueUrl!;
  await events().send(new PutRuleCommand({ Name: 'route', EventPattern: pattern }));
  await events().send(
    new PutTargetsCommand({
      Rule: 'route',
      Targets: [{ Id: 'q', Arn: cloud().services.sqs.queueArn('landing'), ...target }],
    }),
  );
  return QueueUrl;
}

function s3Event(key: string, bucket = 'b'): EventBridgeEvent {
  return {
    version: '0',
    id: `event-${key}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: cloud().accountId,
    time: '2024-05-01T12:00:00Z',
    region: cloud().region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: 10 },
      reason: 'PutObject',
    },
  };
}

const receiveBodies = async (QueueUrl: string) =>
  (
    (await sqs().send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages ??
    []
  ).map((message) => message.Body);

describe('EventBridge rules', () => {
  it('puts, describes and lists rules with paging', async () => {
    const put = await events().send(
      new PutRuleCommand({
        Name: 'a-rule',
        EventPattern: ACCESS_EVENTS_PATTERN,
        Description: 'landing',
      }),
    );
    await events().send(
      new PutRuleCommand({ Name: 'b-rule', ScheduleExpression: 'rate(5 minutes)' }),
    );
    await events().send(new PutRuleCommand({ Name: 'other', EventPattern: '{"source":["x"]}' }));

    const described = await events().send(new DescribeRuleCommand({ Name: 'a-rule' }));
    const first = await events().send(new ListRulesCommand({ NamePrefix: 'a', Limit: 1 }));
    const page = await events().send(new ListRulesCommand({ Limit: 2 }));
    const rest = await events().send(new ListRulesCommand({ Limit: 2, NextToken: page.NextToken }));

    expect(put.RuleArn).toBe(`arn:aws:events:us-east-1:${cloud().accountId}:rule/a-rule`);
    expect(described).toMatchObject({
      Name: 'a-rule',
      EventPattern: ACCESS_EVENTS_PATTERN,
      State: 'ENABLED',
      Description: 'landing',
      EventBusName: 'default',
    });
    expect(first.Rules?.map((rule) => rule.Name)).toEqual(['a-rule']);
    expect([...(page.Rules ?? []), ...(rest.Rules ?? [])].map((rule) => rule.Name)).toEqual([
      'a-rule',
      'b-rule',
      'other',
    ]);
    expect(rest.NextToken).toBeUndefined();
  });

  it.each([
    ['no pattern and no schedule', { Name: 'r' }, 'ValidationException'],
    [
      'an invalid pattern',
      { Name: 'r', EventPattern: '{"source":"aws.s3"}' },
      'InvalidEventPatternException',
    ],
    ['an invalid schedule', { Name: 'r', ScheduleExpression: 'every day' }, 'ValidationException'],
    [
      'an invalid name',
      { Name: 'has space', EventPattern: '{"source":["x"]}' },
      'ValidationException',
    ],
  ])('refuses a rule with %s', async (_case, input, name) => {
    await expect(events().send(new PutRuleCommand(input))).rejects.toMatchObject({
      name,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('explains why a pattern is invalid', async () => {
    const result = events().send(
      new PutRuleCommand({ Name: 'r', EventPattern: '{"a":[{"numeric":[">",5,"<",1]}]}' }),
    );

    await expect(result).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Bottom must be less than top',
    });
  });

  it('refuses to delete a rule that still has targets, then deletes it', async () => {
    await queueWithRule(ACCESS_EVENTS_PATTERN);

    const refused = events().send(new DeleteRuleCommand({ Name: 'route' }));
    await expect(refused).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await events().send(new RemoveTargetsCommand({ Rule: 'route', Ids: ['q'] }));
    await events().send(new DeleteRuleCommand({ Name: 'route' }));

    await expect(events().send(new DescribeRuleCommand({ Name: 'route' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule route does not exist on EventBus default.',
    });
  });

  it('tests a pattern against an event', async () => {
    const event = JSON.stringify(s3Event('access_events/x.json'));

    const match = await events().send(
      new TestEventPatternCommand({ EventPattern: ACCESS_EVENTS_PATTERN, Event: event }),
    );
    const noMatch = await events().send(
      new TestEventPatternCommand({ EventPattern: '{"source":["aws.ec2"]}', Event: event }),
    );
    const badEvent = events().send(
      new TestEventPatternCommand({ EventPattern: '{"source":["x"]}', Event: '{}' }),
    );

    expect(match.Result).toBe(true);
    expect(noMatch.Result).toBe(false);
    await expect(badEvent).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('EventBridge targets', () => {
  it('lists targets and reports unsupported target ARNs per entry', async () => {
    await events().send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["x"]}' }));
    const queueArn = cloud().services.sqs.queueArn('q');

    const result = await events().send(
      new PutTargetsCommand({
        Rule: 'r',
        Targets: [
          { Id: 'queue', Arn: queueArn, InputPath: '$.detail' },
          { Id: 'fn', Arn: `arn:aws:lambda:us-east-1:${cloud().accountId}:function:f` },
        ],
      }),
    );
    const listed = await events().send(new ListTargetsByRuleCommand({ Rule: 'r' }));

    expect(result.FailedEntryCount).toBe(1);
    expect(result.FailedEntries).toEqual([
      expect.objectContaining({ TargetId: 'fn', ErrorCode: 'ValidationException' }),
    ]);
    expect(listed.Targets).toEqual([{ Id: 'queue', Arn: queueArn, InputPath: '$.detail' }]);
  });

  it('refuses targets on a missing rule, invalid Input and more than five per rule', async () => {
    await events().send(new PutRuleCommand({ Name: 'r', EventPattern: '{"source":["x"]}' }));
    const arn = cloud().services.sqs.queueArn('q');

    await expect(
      events().send(new PutTargetsCommand({ Rule: 'missing', Targets: [{ Id: 't', Arn: arn }] })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(
      events().send(
        new PutTargetsCommand({ Rule: 'r', Targets: [{ Id: 't', Arn: arn, Input: '{not json' }] }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const six = Array.from({ length: 6 }, (_, index) => ({ Id: `t${index}`, Arn: arn }));
    // The SDK retries LimitExceededException as throttling; one attempt is enough to see it.
    const once = new EventBridgeClient({ ...cloud().clientConfig, maxAttempts: 1 });
    await expect(
      once.send(new PutTargetsCommand({ Rule: 'r', Targets: six })),
    ).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
  });
});

describe('EventBridge delivery', () => {
  it('routes an S3 "Object Created" event for access_events/ into the SQS queue', async () => {
    const QueueUrl = await queueWithRule(ACCESS_EVENTS_PATTERN);
    const matching = s3Event('access_events/2024/05/01/part-0.json');

    const delivered = cloud().services.events.putEvent(matching);
    cloud().services.events.putEvent(s3Event('web_logs/part-0.json'));
    cloud().services.events.putEvent(s3Event('access_events/x.json', 'other-bucket'));
    const bodies = await receiveBodies(QueueUrl);

    expect(delivered).toBe(1);
    expect(bodies.map((body) => JSON.parse(body ?? '') as unknown)).toEqual([matching]);
  });

  it('does not deliver through a disabled rule until it is enabled again', async () => {
    const QueueUrl = await queueWithRule(ACCESS_EVENTS_PATTERN);

    await events().send(new DisableRuleCommand({ Name: 'route' }));
    cloud().services.events.putEvent(s3Event('access_events/one.json'));
    await events().send(new EnableRuleCommand({ Name: 'route' }));
    cloud().services.events.putEvent(s3Event('access_events/two.json'));
    const bodies = await receiveBodies(QueueUrl);

    expect(bodies.map((body) => (JSON.parse(body ?? '') as EventBridgeEvent).id)).toEqual([
      'event-access_events/two.json',
    ]);
  });

  it('delivers the InputPath selection or the constant Input', async () => {
    const QueueUrl = await queueWithRule(ACCESS_EVENTS_PATTERN, { InputPath: '$.detail.object' });

    cloud().services.events.putEvent(s3Event('access_events/a.json'));
    await events().send(
      new PutTargetsCommand({
        Rule: 'route',
        Targets: [
          { Id: 'q', Arn: cloud().services.sqs.queueArn('landing'), Input: '{"fixed":true}' },
        ],
      }),
    );
    cloud().services.events.putEvent(s3Event('access_events/b.json'));
    const bodies = await receiveBodies(QueueUrl);

    expect(bodies).toEqual([
      JSON.stringify({ key: 'access_events/a.json', size: 10 }),
      '{"fixed":true}',
    ]);
  });

  it('records a delivery to a deleted queue instead of losing it silently', async () => {
    const QueueUrl = await queueWithRule(ACCESS_EVENTS_PATTERN);
    await sqs().send(new DeleteQueueCommand({ QueueUrl }));

    const delivered = cloud().services.events.putEvent(s3Event('access_events/lost.json'));

    expect(delivered).toBe(0);
    expect(cloud().services.events.failedDeliveries()).toEqual([
      expect.objectContaining({
        ruleArn: `arn:aws:events:us-east-1:${cloud().accountId}:rule/route`,
        targetId: 'q',
        eventId: 'event-access_events/lost.json',
        reason: 'The specified queue does not exist.',
      }),
    ]);
  });

  it('fills the envelope of PutEvents entries and routes them', async () => {
    const QueueUrl = await queueWithRule(
      JSON.stringify({ source: ['hybrid-lake.ingest'], detail: { n: [{ numeric: ['>', 1] }] } }),
    );

    const result = await events().send(
      new PutEventsCommand({
        Entries: [
          {
            Source: 'hybrid-lake.ingest',
            DetailType: 'Batch Landed',
            Detail: '{"n":2}',
            Resources: ['arn:x'],
            Time: new Date('2024-05-01T10:00:00Z'),
          },
          { Source: 'hybrid-lake.ingest', DetailType: 'Batch Landed', Detail: '[1]' },
          { Source: 'aws.s3', DetailType: 'Object Created', Detail: '{}' },
          { DetailType: 'No Source', Detail: '{}' },
        ],
      }),
    );
    const [body] = await receiveBodies(QueueUrl);

    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries?.map((entry) => entry.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'NotAuthorizedForSourceException',
      'InvalidArgument',
    ]);
    expect(JSON.parse(body ?? '')).toEqual({
      version: '0',
      id: result.Entries?.[0]?.EventId,
      'detail-type': 'Batch Landed',
      source: 'hybrid-lake.ingest',
      account: cloud().accountId,
      time: '2024-05-01T10:00:00Z',
      region: 'us-east-1',
      resources: ['arn:x'],
      detail: { n: 2 },
    });
  });

  it('refuses more than ten PutEvents entries', async () => {
    const entries = Array.from({ length: 11 }, () => ({
      Source: 's',
      DetailType: 'd',
      Detail: '{}',
    }));

    await expect(events().send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('EventBridge buses', () => {
  it('creates, lists and deletes custom buses and protects the default one', async () => {
    const created = await events().send(new CreateEventBusCommand({ Name: 'lake' }));
    const duplicate = events().send(new CreateEventBusCommand({ Name: 'lake' }));
    await expect(duplicate).rejects.toMatchObject({ name: 'ResourceAlreadyExistsException' });

    const listed = await events().send(new ListEventBusesCommand({}));
    await events().send(new DeleteEventBusCommand({ Name: 'lake' }));
    const deleteDefault = await events()
      .send(new DeleteEventBusCommand({ Name: 'default' }))
      .catch((error: unknown) => error);
    const afterDelete = await events().send(new ListEventBusesCommand({}));

    expect(created.EventBusArn).toBe(
      `arn:aws:events:us-east-1:${cloud().accountId}:event-bus/lake`,
    );
    expect(listed.EventBuses?.map((bus) => bus.Name)).toEqual(['default', 'lake']);
    expect(deleteDefault).toMatchObject({
      name: 'ValidationException',
      message: 'Cannot delete event bus default.',
    });
    expect(afterDelete.EventBuses?.map((bus) => bus.Name)).toEqual(['default']);
  });

  it('keeps schedules to the default bus and rules to existing buses', async () => {
    await events().send(new CreateEventBusCommand({ Name: 'lake' }));

    const scheduled = events().send(
      new PutRuleCommand({ Name: 'r', EventBusName: 'lake', ScheduleExpression: 'rate(1 hour)' }),
    );
    await expect(scheduled).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'ScheduleExpression is supported only on the default event bus.',
    });
    const onCustomBus = await events().send(
      new PutRuleCommand({ Name: 'r', EventBusName: 'lake', EventPattern: '{"source":["x"]}' }),
    );
    const missingBus = events().send(
      new PutRuleCommand({ Name: 'r', EventBusName: 'nope', EventPattern: '{"source":["x"]}' }),
    );

    expect(onCustomBus.RuleArn).toBe(`arn:aws:events:us-east-1:${cloud().accountId}:rule/lake/r`);
    await expect(missingBus).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus nope does not exist.',
    });
  });

  it('restores rules and targets from a snapshot', async () => {
    const QueueUrl = await queueWithRule(ACCESS_EVENTS_PATTERN);
    const snapshot = JSON.parse(JSON.stringify(cloud().services.events.snapshot())) as unknown;
    const queues = JSON.parse(JSON.stringify(cloud().services.sqs.snapshot())) as unknown;

    cloud().reset();
    cloud().services.events.restore(snapshot);
    cloud().services.sqs.restore(queues);
    cloud().services.events.putEvent(s3Event('access_events/after-restore.json'));
    const bodies = await receiveBodies(QueueUrl);

    expect(bodies).toHaveLength(1);
  });
});
