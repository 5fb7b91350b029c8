import { describeLifecycle, renderSummary, summarize } from '../../../scripts/platform-summary';
import { synth } from '../../fixtures/synth';

describe('describeLifecycle', () => {
  it('reads transitions, expiry, old versions, aborted uploads and the size floor', () => {
    const text = describeLifecycle(
      [
        {
          Id: 'abort-incomplete-multipart-uploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
        { Id: 'expire-noncurrent-versions', NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
        {
          Id: 'tier-current-versions',
          Transitions: [
            { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
            { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
          ],
          ExpirationInDays: 400,
        },
      ],
      'all_storage_classes_128K',
    );

    expect(text).toBe(
      'IA @30d → Glacier IR @90d · expire @400d · old versions 30d · abort uploads 1d · <128 KB never tiered',
    );
  });

  it('says so when current versions are kept forever', () => {
    expect(describeLifecycle([])).toBe('kept forever');
  });
});

describe('the platform summary', () => {
  const synthesized = synth({ env: 'prod' });
  const summary = summarize(synthesized, 1.25);

  it('counts the resources of each stack from the synthesized templates', () => {
    expect(summary.stacks).toEqual([
      { name: 'hybrid-lake-prod-alerting', resources: 32, terminationProtection: true },
      { name: 'hybrid-lake-prod-data-lake', resources: 18, terminationProtection: true },
      { name: 'hybrid-lake-prod-catalog', resources: 44, terminationProtection: true },
      { name: 'hybrid-lake-prod-replication', resources: 31, terminationProtection: true },
      { name: 'hybrid-lake-prod-network', resources: 67, terminationProtection: true },
      { name: 'hybrid-lake-prod-streaming', resources: 40, terminationProtection: true },
      { name: 'hybrid-lake-prod-etl', resources: 37, terminationProtection: true },
      { name: 'hybrid-lake-prod-warehouse', resources: 51, terminationProtection: true },
      { name: 'hybrid-lake-prod-marketplace-api', resources: 93, terminationProtection: true },
      { name: 'hybrid-lake-prod-observability', resources: 1, terminationProtection: true },
    ]);
    expect(summary.resourceTypes).toContainEqual(['AWS::S3::Bucket', 6]);
    expect(summary.resourceTypes).toContainEqual(['AWS::KMS::Key', 39]);
  });

  it('lists each zone with its synthesized lifecycle and what it mirrors', () => {
    expect(summary.zones.map((zone) => [zone.name, zone.mirroredDatasets])).toEqual([
      ['landing', 0],
      ['raw', 5],
      ['clean', 0],
      ['curated', 7],
    ]);
    expect(summary.zones[1]?.lifecycle).toBe(
      'IA @30d → Glacier IR @90d → Deep Archive @365d · kept forever · old versions 30d · abort uploads 1d · <128 KB never tiered',
    );
  });

  it('renders a readable report', () => {
    const text = renderSummary(summary);

    expect(text).toMatch(
      /^hybrid-lake · environment prod · eu-west-1 · synthesized offline in 1\.3 s/,
    );
    expect(text).toMatch(
      /\n {2}hybrid-lake-prod-data-lake {8}18 resources {2}termination protected\n/,
    );
    expect(text).toMatch(
      /\n {2}hybrid-lake-prod-observability {4}1 resource {4}termination protected\n/,
    );
    expect(text).toMatch(/\n {2}landing {2}AWS only {13}expire @7d/);
    expect(text).toContain(
      'Data retention: every bucket and key is RETAINED when a stack is deleted.',
    );
    // Each reasoned: log streams, X-Ray and STS `*`, one per mirrored dataset prefix, the Node.js 22
    // runtime, the outbound federation function's two account-level IAM actions and qualifiers,
    // the MSK consumers' pollers (network interfaces, one per consumer group) and their
    // on-failure queues (the traffic monitor's and the activity consumer's), and the
    // recommendation export's (its log streams, runtime, X-Ray and Data API follow-ups,
    // dead-letter queue).
    expect(text).toContain('cdk-nag AwsSolutions: 0 unacknowledged findings, 155 acknowledged:');
  });
});
