import { columnSchema, environmentSchema, lifecycleSchema } from '../../../../infra/platform';

// One test per documented @default in schema.ts, so the documentation cannot drift.
describe('lifecycle defaults', () => {
  const lifecycle = lifecycleSchema.parse({});

  it('has no transitions', () => expect(lifecycle.transitions).toEqual([]));
  it('keeps current versions', () => expect(lifecycle.expireAfterDays).toBeUndefined());
  it('expires non-current versions after 30 days', () =>
    expect(lifecycle.noncurrentVersionExpireAfterDays).toBe(30));
  it('aborts incomplete multipart uploads after 1 day', () =>
    expect(lifecycle.abortIncompleteMultipartUploadAfterDays).toBe(1));
  it('never tiers objects under 128 KB', () =>
    expect(lifecycle.transitionMinimumSize).toBe('all_storage_classes_128K'));
});

describe('column defaults', () => {
  it('is not personal data', () =>
    expect(columnSchema.parse({ name: 'a', type: 'string', description: 'A.' }).pii).toBe(false));
  it('is not required', () =>
    expect(columnSchema.parse({ name: 'a', type: 'string', description: 'A.' }).required).not.toBe(
      true,
    ));
});

describe('environment defaults', () => {
  const environment = environmentSchema.parse({ region: 'eu-west-1' });

  it('uses the CDK default account', () => expect(environment.account).toBeUndefined());
  it('subscribes no alert e-mail', () => expect(environment.alertEmail).toBeUndefined());
  it('forbids destroying data', () => expect(environment.dataMayBeDestroyed).toBe(false));
  it('overrides no lifecycle', () => expect(environment.lifecycleOverrides).toEqual({}));
  it('keeps access logs 365 days', () => expect(environment.accessLogRetentionDays).toBe(365));
  it('admits no browser origin to the marketplace API', () =>
    expect(environment.marketplaceApi.allowedOrigin).toBeUndefined());
  it('replicates Kafka topics 3 times', () => expect(environment.kafka.replicationFactor).toBe(3));
  it('needs 2 in-sync replicas', () => expect(environment.kafka.minInSyncReplicas).toBe(2));
  it('keeps an explicit value instead of the default', () =>
    expect(
      environmentSchema.parse({ region: 'eu-west-1', accessLogRetentionDays: 1 })
        .accessLogRetentionDays,
    ).toBe(1));
});
