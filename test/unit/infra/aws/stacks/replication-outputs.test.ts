import { Template } from 'aws-cdk-lib/assertions';
import { OUTBOUND_FEDERATION_RESOURCE_TYPE } from '../../../../../infra/aws/constructs/outbound-federation';
import { REPLICATION_OUTPUTS } from '../../../../../infra/aws/stacks/replication-outputs';
import { synth } from '../../../../fixtures/synth';
import { only } from './replication-template';

type Json = Record<string, any>;

function replicationTemplate(context: Record<string, unknown>): Template {
  const { assembly, stacks } = synth(context);
  return Template.fromJSON(
    assembly.getStackByName(stacks.replication.stackName).template as Record<string, unknown>,
  );
}

const target = {
  adlsAccountUrl: 'https://hybridlakeprod.blob.core.windows.net',
  azureTenantId: '11111111-2222-3333-4444-555555555555',
  azureClientId: '66666666-7777-8888-9999-000000000000',
};

describe('ReplicationStack outputs for the Azure side (federated, the default)', () => {
  const template = replicationTemplate({ env: 'prod' });
  const outputs = template.toJSON().Outputs as Json;

  it('exports the issuer URL read by the outbound federation custom resource', () => {
    expect(outputs[REPLICATION_OUTPUTS.issuerUrl].Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^OutboundFederation[0-9A-F]{8}$/), 'IssuerIdentifier'],
    });
  });

  it("exports the ARN of the role the transfer function runs as (the token's subject)", () => {
    const fn = only(template, 'AWS::Lambda::Function');
    expect(outputs[REPLICATION_OUTPUTS.transferRoleArn].Value).toEqual({
      'Fn::GetAtt': [fn.Role['Fn::GetAtt'][0], 'Arn'],
    });
  });

  it('enables the account feature once, with its own bundled function', () => {
    template.resourceCountIs(OUTBOUND_FEDERATION_RESOURCE_TYPE, 1);
    template.resourceCountIs('Custom::AWS', 0);
    const [crossStack, own] = partition(Object.keys(outputs), (id) =>
      id.startsWith('ExportsOutput'),
    );
    expect(own.sort()).toEqual(
      [
        REPLICATION_OUTPUTS.issuerUrl,
        REPLICATION_OUTPUTS.transferRoleArn,
        REPLICATION_OUTPUTS.egressIps,
      ].sort(),
    );
    // CDK's exports for other stacks: the two queues' names, which the dashboard charts.
    const queues = template.findResources('AWS::SQS::Queue');
    expect(crossStack.map((id) => outputs[id].Value as unknown).sort(byJson)).toEqual(
      Object.keys(queues)
        .map((logicalId) => ({ 'Fn::GetAtt': [logicalId, 'QueueName'] }))
        .sort(byJson),
    );
  });
});

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

describe('ReplicationStack outputs in service-principal mode', () => {
  const template = replicationTemplate({
    env: 'prod',
    ...target,
    adlsAuthMode: 'service-principal',
    azureClientSecretArn:
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hybrid-lake/azure-sp-AbC123',
  });
  const outputs = template.toJSON().Outputs as Json;

  it('leaves the account federation setting alone and exports no issuer', () => {
    template.resourceCountIs(OUTBOUND_FEDERATION_RESOURCE_TYPE, 0);
    expect(outputs[REPLICATION_OUTPUTS.issuerUrl]).toBeUndefined();
  });

  it('still exports the transfer role ARN and its egress addresses', () => {
    expect(outputs[REPLICATION_OUTPUTS.transferRoleArn]).toBeDefined();
    expect(outputs[REPLICATION_OUTPUTS.egressIps]).toBeDefined();
  });
});

describe('ReplicationStack Azure target from cdk.context.json (azureTargets.<env>)', () => {
  const variables = (context: Record<string, unknown>) =>
    only(replicationTemplate(context), 'AWS::Lambda::Function').Environment.Variables as Json;

  it("uses the deployed environment's entry", () => {
    expect(
      variables({
        env: 'prod',
        azureTargets: { prod: target, dev: { ...target, adlsAccountUrl: 'https://dev.example' } },
      }),
    ).toMatchObject({
      ADLS_ACCOUNT_URL: target.adlsAccountUrl,
      AZURE_TENANT_ID: target.azureTenantId,
      AZURE_CLIENT_ID: target.azureClientId,
    });
  });

  it('lets a flat -c value win over the entry', () => {
    const override = 'https://override.blob.core.windows.net';
    expect(
      variables({ env: 'prod', azureTargets: { prod: target }, adlsAccountUrl: override })
        .ADLS_ACCOUNT_URL,
    ).toBe(override);
  });
});
