/**
 * From the synthesized AWS app to the Azure storage firewall: the replication stack's egress
 * output as CloudFormation resolves it, `npm run link-clouds -- --to pulumi` writing the Pulumi
 * stack file, Pulumi's own config reading that file, and the Pulumi program (under mocks)
 * declaring the storage account's IP rules. The addresses the NAT gateways send from are the
 * addresses the firewall admits.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { REPLICATION_OUTPUTS } from '../../../../infra/aws/stacks/replication-outputs';
import { CONFIG_NAMESPACE, readStackConfig } from '../../../../infra/azure/config';
import { EXIT, main } from '../../../../scripts/link-clouds/main';
import { joinedItems, resolveImports, type TemplateJson } from '../../../fixtures/stack-references';
import { synth } from '../../../fixtures/synth';
import { deployWithMocks } from '../../infra/azure/deploy-fixture';
import { recordedResources } from '../../infra/azure/pulumi-mocks';

type Json = Record<string, any>;

/** The YAML library Pulumi's Node SDK reads stack settings files with. */
const yaml = createRequire(require.resolve('@pulumi/pulumi'))('js-yaml') as {
  load(text: string): unknown;
};

/** What the Pulumi CLI hands the program: strings as written, lists and maps as JSON. */
function pulumiConfig(stackFile: string): Record<string, string> {
  const settings = yaml.load(stackFile) as { config?: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(settings.config ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

const USER_RANGE = '203.0.113.10';
const STACK_FILE = [
  'config:',
  '  hybrid-lake:allowedIpRanges:',
  `    - ${USER_RANGE} # the operators' office`,
  '',
].join('\n');

describe('NAT egress addresses → link-clouds → Pulumi config → storage firewall (prod)', () => {
  const { assembly, stacks } = synth({ env: 'prod' });
  const network = assembly.getStackByName(stacks.network.stackName).template as TemplateJson;
  const replication = assembly.getStackByName(stacks.replication.stackName)
    .template as TemplateJson;
  const exported = joinedItems(
    resolveImports(replication.Outputs?.[REPLICATION_OUTPUTS.egressIps]?.Value, [network]),
    ',',
  ) as Json[];
  // What the deployment allocates for each Elastic IP; documentation addresses stand in.
  const publicIpOf = new Map(
    exported.map((address, index) => [address['Fn::GetAtt'][0] as string, `192.0.2.${10 + index}`]),
  );
  const natAddresses = [...publicIpOf.values()];

  /** Runs link-clouds over the deployed outputs and reads the stack file it wrote. */
  async function linkedStackFile(): Promise<string> {
    const root = mkdtempSync(join(tmpdir(), 'firewall-chain-'));
    const deployedOutputs = {
      [stacks.replication.stackName]: {
        [REPLICATION_OUTPUTS.issuerUrl]: 'https://0a1b2c3d.tokens.sts.global.api.aws',
        [REPLICATION_OUTPUTS.transferRoleArn]:
          'arn:aws:iam::123456789012:role/hybrid-lake-prod-replication-TransferRole1A2B3C',
        [REPLICATION_OUTPUTS.egressIps]: exported
          .map((address) => publicIpOf.get(address['Fn::GetAtt'][0] as string))
          .join(','),
      },
    };
    writeFileSync(join(root, 'cdk-outputs.json'), JSON.stringify(deployedOutputs));
    writeFileSync(join(root, 'Pulumi.prod.yaml'), STACK_FILE);
    const code = await main(
      ['--to', 'pulumi', '--env', 'prod', '--aws-outputs', 'cdk-outputs.json'],
      { root, run: () => Promise.reject(new Error('no CLI')), stdout: () => {}, stderr: () => {} },
    );
    expect(code).toBe(EXIT.linked);
    return readFileSync(join(root, 'Pulumi.prod.yaml'), 'utf8');
  }

  /** The IP rules the program declares for the account, from a stack file as Pulumi reads it. */
  async function firewallOf(stackFile: string): Promise<string[]> {
    pulumi.runtime.setAllConfig(pulumiConfig(stackFile));
    const config = readStackConfig(new pulumi.Config(CONFIG_NAMESPACE), 'prod');
    await deployWithMocks(config);
    const [account] = recordedResources('azure-native:storage:StorageAccount');
    expect(account!.inputs.networkRuleSet).toMatchObject({ defaultAction: 'Deny' });
    const rules = account!.inputs.networkRuleSet.ipRules as { iPAddressOrRange: string }[];
    return rules.map((rule) => rule.iPAddressOrRange);
  }

  it('exports one address per NAT gateway of prod', () => {
    expect(natAddresses).toHaveLength(3);
  });

  it('admits exactly the NAT addresses, besides the ranges people listed', async () => {
    const rules = await firewallOf(await linkedStackFile());

    expect(rules).toEqual([USER_RANGE, ...natAddresses]);
  });

  it('would refuse the transfer function without the link (the 403 of every copy)', async () => {
    const unlinked = STACK_FILE.concat(
      '  hybrid-lake:awsIssuerUrl: https://0a1b2c3d.tokens.sts.global.api.aws\n',
      '  hybrid-lake:transferRoleArn: arn:aws:iam::123456789012:role/transfer\n',
    );
    const rules = await firewallOf(unlinked);

    for (const address of natAddresses) expect(rules).not.toContain(address);
  });
});
