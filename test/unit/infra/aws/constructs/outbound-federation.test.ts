import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AWS_CUSTOM_RESOURCE_FUNCTION_ID } from '../../../../../infra/aws/constructs/aws-custom-resource-nag';
import {
  FEATURE_ALREADY_ENABLED,
  OutboundFederation,
} from '../../../../../infra/aws/constructs/outbound-federation';

type Json = Record<string, any>;

function federationTemplate(): Template {
  const stack = new Stack(new App(), 'Federation', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const federation = new OutboundFederation(stack, 'OutboundFederation');
  stack.exportValue(federation.issuerUrl, { name: 'Issuer' });
  return Template.fromStack(stack);
}

/** The custom resource whose logical ID starts with `prefix`, its SDK calls parsed. */
function customResource(template: Template, prefix: string): Json {
  const [entry] = Object.entries(template.findResources('Custom::AWS')).filter(([id]) =>
    id.startsWith(prefix),
  );
  expect(entry).toBeDefined();
  const [, resource] = entry!;
  const parse = (call: unknown) => (typeof call === 'string' ? (JSON.parse(call) as Json) : call);
  return {
    ...resource,
    Create: parse(resource.Properties.Create),
    Update: parse(resource.Properties.Update),
    Delete: parse(resource.Properties.Delete),
  };
}

describe('OutboundFederation', () => {
  const template = federationTemplate();
  const enable = customResource(template, 'OutboundFederationEnable');
  const info = customResource(template, 'OutboundFederationInfo');

  it('enables the feature on create and update, treating "already enabled" as done', () => {
    const call = {
      service: 'IAM',
      action: 'EnableOutboundWebIdentityFederation',
      physicalResourceId: { id: 'outbound-web-identity-federation-123456789012' },
      ignoreErrorCodesMatching: FEATURE_ALREADY_ENABLED,
    };
    expect(enable.Create).toEqual(call);
    expect(enable.Update).toEqual(call);
  });

  it('never disables the account-wide feature when the stack is deleted', () => {
    expect(enable.Delete).toBeUndefined();
    expect(info.Delete).toBeUndefined();
  });

  it.each(['FeatureEnabled', 'FeatureEnabledException'])(
    'ignores the error IAM returns when the feature is already on (%s)',
    (name) => expect(new RegExp(FEATURE_ALREADY_ENABLED).test(name)).toBe(true),
  );

  it.each([
    'FeatureDisabledException',
    'AccessDenied',
    'ServiceFailureException',
    'XFeatureEnabled',
  ])('lets every other error fail the deployment (%s)', (name) =>
    expect(new RegExp(FEATURE_ALREADY_ENABLED).test(name)).toBe(false),
  );

  it('reads the issuer URL after enabling, whatever the enable call returned', () => {
    expect(info.Create).toEqual({
      service: 'IAM',
      action: 'GetOutboundWebIdentityFederationInfo',
      physicalResourceId: { id: 'outbound-web-identity-federation-info-123456789012' },
      outputPaths: ['IssuerIdentifier'],
    });
    expect(info.Update).toEqual(info.Create);
    expect(info.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/^OutboundFederationEnable/)]),
    );
    expect(Object.values(template.toJSON().Outputs as Json)[0].Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^OutboundFederationInfo/), 'IssuerIdentifier'],
    });
  });

  it('grants each call exactly its own action, on the one role of the shared function', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map(
      (policy) => policy.Properties as Json,
    );
    expect(policies.map((policy): unknown => policy.PolicyDocument.Statement)).toEqual([
      [{ Action: 'iam:EnableOutboundWebIdentityFederation', Effect: 'Allow', Resource: '*' }],
      [{ Action: 'iam:GetOutboundWebIdentityFederationInfo', Effect: 'Allow', Resource: '*' }],
    ]);
    for (const policy of policies) {
      expect(policy.Roles).toEqual([
        {
          Ref: expect.stringMatching(new RegExp(`^${AWS_CUSTOM_RESOURCE_FUNCTION_ID}ServiceRole`)),
        },
      ]);
    }
  });

  it('uses the SDK of the Lambda runtime, never one downloaded at deploy time', () => {
    expect(enable.Properties.InstallLatestAwsSdk).toBe(false);
    expect(info.Properties.InstallLatestAwsSdk).toBe(false);
  });
});
