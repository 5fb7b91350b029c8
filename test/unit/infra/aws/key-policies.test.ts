import { App, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { synth } from '../../../fixtures/synth';

type Json = Record<string, any>;

/**
 * Condition keys that tie a service principal's use of a key to this account's own resources.
 * `aws:SourceAccount` and `aws:SourceArn` are the global confused-deputy keys; CloudWatch Logs
 * documents its encryption context instead, whose value is the log group's ARN (account
 * included), so a statement pinned to it is scoped as well.
 */
const SCOPING_CONDITION_KEYS = [
  'aws:SourceAccount',
  'aws:SourceArn',
  'kms:EncryptionContext:aws:logs:arn',
];

/**
 * EventBridge passes no `aws:SourceAccount`/`aws:SourceArn` to KMS when it delivers to an
 * encrypted target, so a key statement conditioned on them drops every event (docs/decisions.md,
 * "EventBridge and queue keys"). Its grants are scoped where EventBridge does send the keys: the
 * policy of every queue it may send to (checked below).
 */
const SCOPED_BY_QUEUE_POLICY = 'events.amazonaws.com';

interface UnscopedGrant {
  readonly key: string;
  readonly sid: string | undefined;
  readonly services: unknown;
}

/** Every key-policy statement that lets an AWS service use the key without such a condition. */
function unscopedServiceGrants(template: Json, stackName: string): UnscopedGrant[] {
  const resources = Object.entries((template.Resources ?? {}) as Record<string, Json>);
  return resources
    .filter(([, resource]) => resource.Type === 'AWS::KMS::Key')
    .flatMap(([logicalId, resource]) =>
      (resource.Properties.KeyPolicy.Statement as Json[])
        .filter((statement) => statement.Effect === 'Allow' && statement.Principal?.Service)
        .filter((statement) => statement.Principal.Service !== SCOPED_BY_QUEUE_POLICY)
        .filter((statement) => !isScoped(statement.Condition as Json | undefined))
        .map((statement) => ({
          key: `${stackName}/${logicalId}`,
          sid: statement.Sid as string | undefined,
          services: statement.Principal.Service as unknown,
        })),
    );
}

function isScoped(condition: Json | undefined): boolean {
  const keys = Object.values(condition ?? {}).flatMap((operands) => Object.keys(operands as Json));
  return keys.some((key) => SCOPING_CONDITION_KEYS.includes(key));
}

describe.each(['dev', 'prod'])('key policies of every stack (%s)', (env) => {
  const { assembly } = synth({ env });

  it('let no AWS service use a key without scoping it to this account', () => {
    const unscoped = assembly.stacks.flatMap((stack) =>
      unscopedServiceGrants(stack.template as Json, stack.stackName),
    );
    expect(unscoped).toEqual([]);
  });

  it('let EventBridge send only from this deployment’s rules to the queues whose keys it uses', () => {
    const sends = assembly.stacks.flatMap((stack) =>
      Object.values((stack.template as Json).Resources as Record<string, Json>)
        .filter((resource) => resource.Type === 'AWS::SQS::QueuePolicy')
        .flatMap((resource) => resource.Properties.PolicyDocument.Statement as Json[])
        .filter((statement) => statement.Principal?.Service === SCOPED_BY_QUEUE_POLICY),
    );

    expect(sends.length).toBeGreaterThan(0);
    for (const statement of sends)
      expect(Object.keys((statement.Condition?.ArnEquals ?? {}) as Json)).toEqual([
        'aws:SourceArn',
      ]);
  });
});

describe('the key-policy check itself', () => {
  it('reports a service grant without a scoping condition, and accepts a scoped one', () => {
    const stack = new Stack(new App(), 'Keys');
    const key = new kms.Key(stack, 'Key');
    for (const [sid, conditions] of [
      ['Bare', undefined],
      ['Scoped', { StringEquals: { 'aws:SourceAccount': stack.account } }],
    ] as const) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt'],
          resources: ['*'],
          ...(conditions && { conditions }),
        }),
      );
    }

    expect(unscopedServiceGrants(Template.fromStack(stack).toJSON(), 'Keys')).toEqual([
      {
        key: expect.stringMatching(/^Keys\/Key/),
        sid: 'Bare',
        services: 'cloudwatch.amazonaws.com',
      },
    ]);
  });
});
