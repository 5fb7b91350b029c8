import { Stack, Validations, aws_iam as iam, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AWS_CUSTOM_RESOURCE_FUNCTION_ID } from './aws-custom-resource-nag';

/**
 * How IAM answers `EnableOutboundWebIdentityFederation` when the account already has it (HTTP
 * 409). The custom resource matches the SDK error's `name`: the query-protocol code
 * (`FeatureEnabled`) or the SDK v3 exception class (`FeatureEnabledException`).
 */
export const FEATURE_ALREADY_ENABLED = '^FeatureEnabled(Exception)?$';

/** The IAM actions the custom resources call; both are account-wide and have no resource type. */
export const OUTBOUND_FEDERATION_ACTIONS = {
  enable: 'iam:EnableOutboundWebIdentityFederation',
  read: 'iam:GetOutboundWebIdentityFederationInfo',
} as const;

/**
 * Turns on IAM outbound web identity federation for the account (so roles may call
 * `sts:GetWebIdentityToken`) and reads the account's issuer URL, which Entra ID must trust.
 *
 * It never turns the feature off: the switch is account-wide, so other stacks, teams or tools of
 * the same account may rely on it, and deleting this stack must not break their tokens. Turning
 * it off is a deliberate act outside this stack (`aws iam disable-outbound-web-identity-federation`).
 */
export class OutboundFederation extends Construct {
  /** `https://…`: the `iss` of every token the account's roles obtain. */
  readonly issuerUrl: string;
  readonly enable: cr.AwsCustomResource;
  readonly info: cr.AwsCustomResource;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);

    const enableCall: cr.AwsSdkCall = {
      service: 'IAM',
      action: 'EnableOutboundWebIdentityFederation',
      physicalResourceId: cr.PhysicalResourceId.of(
        `outbound-web-identity-federation-${stack.account}`,
      ),
      // Already on (by an earlier deploy, another stack or the console) is the state we want.
      ignoreErrorCodesMatching: FEATURE_ALREADY_ENABLED,
    };
    // No onDelete: see the class comment.
    this.enable = new cr.AwsCustomResource(this, 'Enable', {
      onCreate: enableCall,
      onUpdate: enableCall,
      policy: accountWidePolicy(OUTBOUND_FEDERATION_ACTIONS.enable),
      installLatestAwsSdk: false,
    });

    // Enable returns the issuer only when it did the enabling, so the URL is read separately.
    const readCall: cr.AwsSdkCall = {
      service: 'IAM',
      action: 'GetOutboundWebIdentityFederationInfo',
      physicalResourceId: cr.PhysicalResourceId.of(
        `outbound-web-identity-federation-info-${stack.account}`,
      ),
      outputPaths: ['IssuerIdentifier'],
    };
    this.info = new cr.AwsCustomResource(this, 'Info', {
      onCreate: readCall,
      onUpdate: readCall,
      policy: accountWidePolicy(OUTBOUND_FEDERATION_ACTIONS.read),
      installLatestAwsSdk: false,
    });
    this.info.node.addDependency(this.enable);
    this.issuerUrl = this.info.getResponseField('IssuerIdentifier');

    this.acknowledgeFindings();
  }

  private acknowledgeFindings(): void {
    for (const [resource, action] of [
      [this.enable, OUTBOUND_FEDERATION_ACTIONS.enable],
      [this.info, OUTBOUND_FEDERATION_ACTIONS.read],
    ] as const) {
      Validations.of(resource.node.findChild('CustomResourcePolicy')).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${action} acts on the account's federation setting and has no resource type, so it can only be granted on "*"; this policy holds that one action.`,
      });
    }
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_FUNCTION_ID);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: `CDK's shared AwsCustomResource function only writes its own logs with this policy; its IAM calls (${OUTBOUND_FEDERATION_ACTIONS.enable}, ${OUTBOUND_FEDERATION_ACTIONS.read}) are granted by one policy each.`,
      });
    }
  }
}

function accountWidePolicy(action: string): cr.AwsCustomResourcePolicy {
  return cr.AwsCustomResourcePolicy.fromStatements([
    new iam.PolicyStatement({ actions: [action], resources: ['*'] }),
  ]);
}
