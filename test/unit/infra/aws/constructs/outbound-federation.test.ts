import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  OUTBOUND_FEDERATION_ACTIONS,
  OUTBOUND_FEDERATION_RESOURCE_TYPE,
  OutboundFederation,
} from '../../../../../infra/aws/constructs/outbound-federation';
import { loadPlatform } from '../../../../../infra/platform';

type Json = Record<string, any>;

const platform = loadPlatform('dev');

/** A stack holding only the construct; bundling is skipped unless `outdir` asks for the assets. */
function federationStack(outdir?: string): Template {
  const app = new App({
    ...(outdir === undefined
      ? { context: { 'aws:cdk:bundling-stacks': [] } }
      : { outdir, context: {} }),
  });
  const stack = new Stack(app, 'Federation', {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const federation = new OutboundFederation(stack, 'OutboundFederation', { platform });
  stack.exportValue(federation.issuerUrl, { name: 'Issuer' });
  return Template.fromStack(stack);
}

/** The function the custom resource's Provider calls (not the framework's own function). */
function handlerFunction(template: Template): Json {
  const functions = Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'hybrid-lake-dev-outbound-federation' },
    }),
  );
  expect(functions).toHaveLength(1);
  return functions[0]!.Properties as Json;
}

describe('OutboundFederation', () => {
  const template = federationStack();

  it("runs the IAM calls in the platform's own function, not CDK's AwsCustomResource", () => {
    template.resourceCountIs('Custom::AWS', 0);
    expect(JSON.stringify(template.toJSON())).not.toContain('InstallLatestAwsSdk');
    template.resourceCountIs(OUTBOUND_FEDERATION_RESOURCE_TYPE, 1);
    expect(handlerFunction(template)).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it('exports the issuer URL the custom resource answers', () => {
    expect(Object.values(template.toJSON().Outputs as Json)[0].Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^OutboundFederation[0-9A-F]{8}$/), 'IssuerIdentifier'],
    });
  });

  it('grants the function exactly the two account-wide federation actions', () => {
    const role = handlerFunction(template).Role as Json;
    const policies = Object.values(
      template.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: role['Fn::GetAtt'][0] }] },
      }),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties.PolicyDocument.Statement).toContainEqual({
      Sid: 'ManageOutboundFederation',
      Effect: 'Allow',
      Action: [OUTBOUND_FEDERATION_ACTIONS.enable, OUTBOUND_FEDERATION_ACTIONS.read],
      Resource: '*',
    });
    expect(JSON.stringify(policies)).not.toContain('DisableOutboundWebIdentityFederation');
  });

  it('never disables the account-wide feature: no property, nothing for Delete to undo', () => {
    const [resource] = Object.values(template.findResources(OUTBOUND_FEDERATION_RESOURCE_TYPE));
    expect(Object.keys(resource!.Properties as Json)).toEqual(['ServiceToken']);
  });
});

describe('OutboundFederation bundle (esbuild, as deployed)', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'hybrid-lake-federation-bundle-'));
  const template = federationStack(outdir);
  const code = handlerFunction(template).Code as Json;
  const assetHash = String(code.S3Key).replace(/\.zip$/, '');
  const bundlePath = join(outdir, `asset.${assetHash}`, 'index.js');

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  // Asserted as booleans: a failing match would otherwise print the whole 1 MB bundle.
  it('deploys the bundle built from lambdas/outbound-federation/handler.ts', () => {
    expect(existsSync(bundlePath)).toBe(true);
    const bundle = readFileSync(bundlePath, 'utf8');
    expect(bundle.includes('Outbound web identity federation is on')).toBe(true);
  });

  it('carries the IAM client and its federation commands inside, whatever SDK the runtime has', () => {
    const bundle = readFileSync(bundlePath, 'utf8');

    expect(bundle.includes('EnableOutboundWebIdentityFederation')).toBe(true);
    expect(bundle.includes('GetOutboundWebIdentityFederationInfo')).toBe(true);
    expect(/require\(["']@aws-sdk\/client-iam["']\)/.test(bundle)).toBe(false);
  });
});
