/**
 * Builds the platform app as `cdk synth` does (cdk-nag plugin included, via addPlatformStacks)
 * and returns its network, streaming and ETL stacks. Shared by the tests of those stacks; not a
 * test file itself.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { EtlStack } from '../../../../../infra/aws/stacks/etl';
import type { NetworkStack } from '../../../../../infra/aws/stacks/network';
import type { StreamingStack } from '../../../../../infra/aws/stacks/streaming';
import { describeFinding, synthWithNag } from '../../../../fixtures/nag-synth';

/** Stand-ins for the PySpark scripts: the stacks only package them. */
export function glueSourceFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'hybrid-lake-glue-'));
  mkdirSync(join(root, 'jobs'));
  mkdirSync(join(root, 'tests'));
  mkdirSync(join(root, 'hybrid_lake_etl'));
  for (const job of ['stream_to_raw', 'raw_to_clean', 'clean_to_curated']) {
    writeFileSync(join(root, 'jobs', `${job}.py`), `# ${job}\n`);
  }
  writeFileSync(join(root, 'hybrid_lake_etl', '__init__.py'), '');
  writeFileSync(join(root, 'tests', 'test_fixture.py'), '');
  return root;
}

export interface StreamingApp {
  readonly network: NetworkStack;
  readonly streaming: StreamingStack;
  readonly etl: EtlStack;
  readonly templates: { network: Template; streaming: Template; etl: Template };
  /** cdk-nag findings not acknowledged, as `<rule> <construct path>`. */
  readonly nagFindings: string[];
}

export function synthStreamingApp(
  context: Record<string, unknown>,
  options: { glueSourceDirectory?: string } = {},
): StreamingApp {
  const synthesis = synthWithNag(context, (app, platformStacks) =>
    options.glueSourceDirectory === undefined
      ? platformStacks.etl
      : // Another copy of the ETL stack, packaging the given directory instead of infra/glue.
        new EtlStack(app, `${platformStacks.etl.stackName}-fixture`, {
          platform: platformStacks.platform,
          env: {
            account: platformStacks.platform.environment.account ?? process.env.CDK_DEFAULT_ACCOUNT,
            region: platformStacks.platform.environment.region,
          },
          zoneBuckets: platformStacks.dataLake.zoneBuckets,
          catalogKey: platformStacks.catalog.encryption.key,
          securityConfigurations: platformStacks.catalog.encryption.securityConfigurations,
          vpc: platformStacks.network.vpc,
          etlSecurityGroup: platformStacks.network.etlSecurityGroup,
          kafka: platformStacks.streaming.kafka,
          glueSourceDirectory: options.glueSourceDirectory,
        }),
  );
  const { network, streaming } = synthesis.stacks;
  const etl = synthesis.extra;
  return {
    network,
    streaming,
    etl,
    templates: {
      network: synthesis.templateOf(network),
      streaming: synthesis.templateOf(streaming),
      etl: synthesis.templateOf(etl),
    },
    nagFindings: synthesis.findings.map(describeFinding),
  };
}
