import { App, RemovalPolicy, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  SecureBucket,
  type DataBucketProps,
  type SecureBucketProps,
} from '../../../../../infra/aws/constructs/secure-bucket';
import { lifecycleSchema } from '../../../../../infra/platform';

function templateOf(props: Partial<DataBucketProps> = {}): Template {
  return templateWith({
    keyAlias: 'alias/test/subject',
    lifecycle: lifecycleSchema.parse({}),
    ...props,
  });
}

function templateWith(props: SecureBucketProps): Template {
  const stack = new Stack(new App(), 'Test');
  new SecureBucket(stack, 'Subject', props);
  return Template.fromStack(stack);
}

describe('SecureBucket', () => {
  describe('baseline', () => {
    const template = templateOf();

    it('encrypts with its own rotating customer key and S3 Bucket Keys', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/test/subject' });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('SubjectKey'), 'Arn'] },
              },
            },
          ],
        },
      });
    });

    it('versions objects, blocks public access and disables ACLs', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    });

    it('denies requests without TLS and below TLS 1.2', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            }),
          ]),
        },
      });
    });

    it('sets the transition minimum size explicitly', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: { TransitionDefaultMinimumObjectSize: 'all_storage_classes_128K' },
      });
    });
  });

  // One test per documented @default of SecureBucketProps.
  describe('defaults', () => {
    it('lets CloudFormation name the bucket', () => {
      templateOf().hasResourceProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
    });

    it('retains bucket and key on stack deletion', () => {
      const template = templateOf();
      template.hasResource('AWS::S3::Bucket', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
      template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
    });

    it('sends object events to EventBridge natively, without a notifications Lambda', () => {
      const template = templateOf();
      template.hasResourceProperties('AWS::S3::Bucket', {
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      });
      template.resourceCountIs('AWS::Lambda::Function', 0);
      template.resourceCountIs('Custom::S3BucketNotifications', 0);
    });

    it('writes no server access logs when no destination is given', () => {
      templateOf().hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: Match.absent(),
      });
    });

    it('is a data bucket, encrypted with its own key, which the logging service may not use', () => {
      const template = templateOf();
      template.resourceCountIs('AWS::KMS::Key', 1);
      expect(JSON.stringify(template.findResources('AWS::KMS::Key'))).not.toContain(
        'logging.s3.amazonaws.com',
      );
    });
  });

  describe('options', () => {
    it('can turn EventBridge notifications off', () => {
      templateOf({ eventBridgeEnabled: false }).hasResourceProperties('AWS::S3::Bucket', {
        NotificationConfiguration: Match.absent(),
      });
    });

    it('logs to the given destination under its prefix, partitioned by event time', () => {
      const stack = new Stack(new App(), 'Test');
      const logs = new s3.Bucket(stack, 'Logs');
      new SecureBucket(stack, 'Subject', {
        keyAlias: 'alias/test/subject',
        lifecycle: lifecycleSchema.parse({}),
        accessLogs: { bucket: logs, prefix: 'subject/' },
      });

      Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: {
          DestinationBucketName: { Ref: Match.stringLikeRegexp('^Logs') },
          LogFilePrefix: 'subject/',
          TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
        },
      });
    });

    describe('as the access-log target', () => {
      const template = templateWith({
        receivesAccessLogs: true,
        lifecycle: lifecycleSchema.parse({}),
      });

      it('uses SSE-S3, the only default encryption S3 log delivery supports, and no key', () => {
        template.resourceCountIs('AWS::KMS::Key', 0);
        template.hasResourceProperties('AWS::S3::Bucket', {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
        });
      });

      it('keeps the rest of the baseline', () => {
        template.hasResourceProperties('AWS::S3::Bucket', {
          VersioningConfiguration: { Status: 'Enabled' },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        });
      });
    });

    it('empties and deletes bucket and key when told to destroy', () => {
      const template = templateOf({ removalPolicy: RemovalPolicy.DESTROY });

      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Delete' });
      template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
      template.hasResourceProperties('AWS::KMS::Key', { PendingWindowInDays: 7 });
      template.resourceCountIs('Custom::S3AutoDeleteObjects', 1);
    });
  });
});
