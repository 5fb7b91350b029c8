import { environmentSchema, kafkaSettingsSchema, loadPlatform } from '../../../../infra/platform';

// One test per documented @default of the Kafka settings, so the documentation cannot drift.
describe('kafka setting defaults', () => {
  const kafka = kafkaSettingsSchema.parse({});

  it('runs Kafka 3.9.x', () => expect(kafka.version).toBe('3.9.x'));
  it('runs kafka.m7g.large brokers', () =>
    expect(kafka.brokerInstanceType).toBe('kafka.m7g.large'));
  it('runs 3 brokers', () => expect(kafka.brokerCount).toBe(3));
  it('gives each broker 100 GiB', () => expect(kafka.brokerVolumeGiB).toBe(100));
  it('monitors per broker', () => expect(kafka.enhancedMonitoring).toBe('PER_BROKER'));
  it('applies every default when an environment omits kafka', () =>
    expect(environmentSchema.parse({ region: 'eu-west-1' }).kafka).toEqual(kafka));
  it('keeps an explicit value instead of the default', () =>
    expect(kafkaSettingsSchema.parse({ brokerCount: 6 }).brokerCount).toBe(6));
});

describe('kafka setting validation', () => {
  it.each(['3.6.0', '3.7.x', '3.7.x.kraft', '3.9.x', '4.0.x.kraft'])(
    'accepts version %s',
    (version) => expect(kafkaSettingsSchema.safeParse({ version }).success).toBe(true),
  );

  it.each(['3.5.1', '2.8.1', '3.9', 'latest'])(
    'refuses version %s: topics need the MSK topic API (3.6 or later)',
    (version) => {
      const result = kafkaSettingsSchema.safeParse({ version });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/at least 3\.6/);
    },
  );

  it('refuses a single broker', () =>
    expect(kafkaSettingsSchema.safeParse({ brokerCount: 1 }).success).toBe(false));

  it('refuses an instance type MSK does not spell', () =>
    expect(kafkaSettingsSchema.safeParse({ brokerInstanceType: 'm5.large' }).success).toBe(false));

  it('refuses more replicas than brokers, naming the field', () => {
    const result = environmentSchema.safeParse({
      region: 'eu-west-1',
      kafka: { brokerCount: 2, replicationFactor: 3 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ['kafka', 'replicationFactor'],
        message: 'cannot exceed kafka.brokerCount (2)',
      }),
    );
  });
});

describe('kafka settings of the definition', () => {
  it('gives dev two small brokers replicating twice', () =>
    expect(loadPlatform('dev').environment.kafka).toMatchObject({
      brokerInstanceType: 'kafka.t3.small',
      brokerCount: 2,
      replicationFactor: 2,
      minInSyncReplicas: 1,
    }));

  it('gives prod three brokers, replication 3 and 2 in-sync replicas', () =>
    expect(loadPlatform('prod').environment.kafka).toMatchObject({
      brokerCount: 3,
      replicationFactor: 3,
      minInSyncReplicas: 2,
      enhancedMonitoring: 'PER_TOPIC_PER_BROKER',
    }));
});
