import { Match, type Template } from 'aws-cdk-lib/assertions';
import { ZONE_NAMES, type ZoneName } from '../../../../../infra/platform';
import { synth } from '../../../../fixtures/synth';

/** The lifecycle rules of the bucket whose name starts with `hybrid-lake-<env>-<zone>-`. */
function bucketOf(template: Template, environment: string, zone: ZoneName | 'access-logs') {
  const buckets = Object.values(
    template.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketName: { 'Fn::Join': ['', Match.arrayWith([`hybrid-lake-${environment}-${zone}-`])] },
      },
    }),
  ) as { Properties: Record<string, any>; DeletionPolicy?: string }[];
  expect(buckets).toHaveLength(1);
  return buckets[0]!;
}

function ruleOf(
  template: Template,
  environment: string,
  zone: ZoneName | 'access-logs',
  id: string,
) {
  const rules = bucketOf(template, environment, zone).Properties.LifecycleConfiguration.Rules as {
    Id: string;
  }[];
  return rules.find((rule) => rule.Id === id);
}

describe('DataLakeStack (prod)', () => {
  const { dataLake } = synth({ env: 'prod' });

  it('has one bucket per zone, each with its own key, plus the access-log bucket', () => {
    dataLake.resourceCountIs('AWS::S3::Bucket', ZONE_NAMES.length + 1);
    dataLake.resourceCountIs('AWS::KMS::Key', ZONE_NAMES.length);
    for (const zone of ZONE_NAMES) {
      dataLake.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/hybrid-lake/prod/${zone}`,
      });
    }
  });

  it.each(ZONE_NAMES)('encrypts the %s bucket with its own key', (zone) => {
    const { Properties: bucket } = bucketOf(dataLake, 'prod', zone);

    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      {
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: expect.anything(),
        },
      },
    ]);
  });

  it('encrypts the access-log bucket with SSE-S3, the only encryption log delivery supports', () => {
    const { Properties: bucket } = bucketOf(dataLake, 'prod', 'access-logs');

    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
    ]);
    expect(JSON.stringify(dataLake.findResources('AWS::KMS::Key'))).not.toContain(
      'logging.s3.amazonaws.com',
    );
  });

  it.each([...ZONE_NAMES, 'access-logs' as const])('secures the %s bucket', (zone) => {
    const { Properties: bucket } = bucketOf(dataLake, 'prod', zone);

    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LifecycleConfiguration.TransitionDefaultMinimumObjectSize).toBe(
      'all_storage_classes_128K',
    );
  });

  it('rotates every key and retains keys and buckets on stack deletion', () => {
    for (const key of Object.values(dataLake.findResources('AWS::KMS::Key'))) {
      expect(key).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: { EnableKeyRotation: true },
      });
    }
    for (const bucket of Object.values(dataLake.findResources('AWS::S3::Bucket'))) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    dataLake.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('puts a TLS-only policy on every bucket', () => {
    const policies = Object.values(dataLake.findResources('AWS::S3::BucketPolicy'));

    expect(policies).toHaveLength(ZONE_NAMES.length + 1);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
    }
  });

  it.each(ZONE_NAMES)(
    'sends %s events to EventBridge and its access logs to the log bucket',
    (zone) => {
      const { Properties: bucket } = bucketOf(dataLake, 'prod', zone);

      expect(bucket.NotificationConfiguration).toEqual({
        EventBridgeConfiguration: { EventBridgeEnabled: true },
      });
      expect(bucket.LoggingConfiguration).toMatchObject({
        DestinationBucketName: { Ref: expect.stringMatching(/^AccessLogsBucket/) },
        LogFilePrefix: `${zone}/`,
      });
    },
  );

  it('lets S3 deliver each zone’s logs only under that zone’s prefix, from this account', () => {
    const policy = JSON.stringify(dataLake.findResources('AWS::S3::BucketPolicy'));
    for (const zone of ZONE_NAMES) expect(policy).toContain(`/${zone}/*`);
    dataLake.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Condition: Match.objectLike({
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            }),
          }),
        ]),
      },
    });
  });

  it('keeps access logs for the environment’s retention and sends them nowhere else', () => {
    const { Properties: logs } = bucketOf(dataLake, 'prod', 'access-logs');

    expect(ruleOf(dataLake, 'prod', 'access-logs', 'tier-current-versions')).toMatchObject({
      ExpirationInDays: 400,
    });
    expect(logs.NotificationConfiguration).toBeUndefined();
    expect(logs.LoggingConfiguration).toBeUndefined();
  });

  describe('lifecycle per zone', () => {
    it.each([...ZONE_NAMES, 'access-logs' as const])(
      'aborts incomplete multipart uploads in %s after 1 day',
      (zone) => {
        expect(ruleOf(dataLake, 'prod', zone, 'abort-incomplete-multipart-uploads')).toEqual({
          Id: 'abort-incomplete-multipart-uploads',
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        });
      },
    );

    it.each<[ZoneName, number]>([
      ['landing', 1],
      ['raw', 30],
      ['clean', 30],
      ['curated', 30],
    ])('expires non-current versions in %s after %i days', (zone, days) => {
      expect(ruleOf(dataLake, 'prod', zone, 'expire-noncurrent-versions')).toMatchObject({
        NoncurrentVersionExpiration: { NoncurrentDays: days },
      });
    });

    it.each(ZONE_NAMES)('removes expired delete markers in %s', (zone) => {
      expect(ruleOf(dataLake, 'prod', zone, 'remove-expired-delete-markers')).toMatchObject({
        ExpiredObjectDeleteMarker: true,
      });
    });

    it('expires landing after 7 days without tiering it', () => {
      expect(ruleOf(dataLake, 'prod', 'landing', 'tier-current-versions')).toEqual({
        Id: 'tier-current-versions',
        Status: 'Enabled',
        ExpirationInDays: 7,
      });
    });

    it('tiers raw to IA, Glacier IR and Deep Archive, and keeps it', () => {
      expect(ruleOf(dataLake, 'prod', 'raw', 'tier-current-versions')).toEqual({
        Id: 'tier-current-versions',
        Status: 'Enabled',
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
          { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
          { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 365 },
        ],
      });
    });

    it('tiers clean and curated later than raw', () => {
      expect(ruleOf(dataLake, 'prod', 'clean', 'tier-current-versions')).toMatchObject({
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 90 },
          { StorageClass: 'GLACIER_IR', TransitionInDays: 365 },
        ],
      });
      expect(ruleOf(dataLake, 'prod', 'curated', 'tier-current-versions')).toMatchObject({
        Transitions: [
          { StorageClass: 'STANDARD_IA', TransitionInDays: 180 },
          { StorageClass: 'GLACIER_IR', TransitionInDays: 730 },
        ],
      });
    });
  });

  it('outputs every zone bucket name', () => {
    for (const zone of ['Landing', 'Raw', 'Clean', 'Curated']) {
      dataLake.hasOutput(`${zone}BucketName`, {
        Value: { Ref: Match.stringLikeRegexp(`^${zone}ZoneBucket`) },
      });
    }
  });
});

describe('DataLakeStack (dev)', () => {
  const { dataLake } = synth({ env: 'dev' });

  it('applies the dev lifecycle overrides', () => {
    expect(ruleOf(dataLake, 'dev', 'landing', 'tier-current-versions')).toMatchObject({
      ExpirationInDays: 3,
    });
    expect(ruleOf(dataLake, 'dev', 'raw', 'tier-current-versions')).toEqual({
      Id: 'tier-current-versions',
      Status: 'Enabled',
      ExpirationInDays: 90,
      Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
    });
    expect(ruleOf(dataLake, 'dev', 'curated', 'expire-noncurrent-versions')).toMatchObject({
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
    });
  });

  it('still retains data unless destroy is asked for', () => {
    for (const bucket of Object.values(dataLake.findResources('AWS::S3::Bucket'))) {
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
  });
});
