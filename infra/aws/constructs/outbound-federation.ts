import {
  CustomResource,
  Duration,
  RemovalPolicy,
  aws_iam as iam,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, resourcePrefix, type Platform } from '../../platform';
import { platformProvider } from './custom-resource-provider';
import { PlatformFunction } from './platform-function';
import { lambdaHandlerEntry } from '../facts/functions';

/** Folder and Powertools service name of the custom resource's function. */
export const OUTBOUND_FEDERATION_SERVICE_NAME = 'outbound-federation';

/** The custom resource's CloudFormation type. */
export const OUTBOUND_FEDERATION_RESOURCE_TYPE = 'Custom::OutboundWebIdentityFederation';

/** The IAM actions the function calls; both are account-wide and have no resource type. */
export const OUTBOUND_FEDERATION_ACTIONS = {
  enable: 'iam:EnableOutboundWebIdentityFederation',
  read: 'iam:GetOutboundWebIdentityFederationInfo',
} as const;

/** `hybrid-lake-dev-outbound-federation` */
export function outboundFederationFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${OUTBOUND_FEDERATION_SERVICE_NAME}`;
}

export interface OutboundFederationProps {
  readonly platform: Platform;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Applied to the log groups and their keys. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** The handler file. @default lambdas/outbound-federation/handler.ts */
  readonly handlerEntry?: string;
}

/**
 * Turns on IAM outbound web identity federation for the account (so roles may call
 * `sts:GetWebIdentityToken`) and reads the account's issuer URL, which Entra ID must trust.
 *
 * The IAM calls run in a platform function that bundles the pinned `@aws-sdk/client-iam`, not
 * in CDK's AwsCustomResource with the Lambda runtime's SDK: these operations date from late
 * 2025, and a runtime SDK without them would fail the stack at create.
 *
 * It never turns the feature off: the switch is account-wide, so other stacks, teams or tools of
 * the same account may rely on it, and deleting this stack must not break their tokens. Turning
 * it off is a deliberate act outside this stack (`aws iam disable-outbound-web-identity-federation`).
 */
export class OutboundFederation extends Construct {
  /** `https://…`: the `iss` of every token the account's roles obtain. */
  readonly issuerUrl: string;
  readonly function: PlatformFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: OutboundFederationProps) {
    super(scope, id);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const functionName = outboundFederationFunctionName(platform);

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: "Enables the account's IAM outbound web identity federation, reads its issuer",
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(OUTBOUND_FEDERATION_SERVICE_NAME),
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: {
        PLATFORM_ENV: platform.environmentName,
        POWERTOOLS_SERVICE_NAME: OUTBOUND_FEDERATION_SERVICE_NAME,
      },
      logRetention,
      logKeyAlias: keyAlias(platform, `${OUTBOUND_FEDERATION_SERVICE_NAME}-logs`),
      removalPolicy,
    });
    this.function.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ManageOutboundFederation',
        actions: [OUTBOUND_FEDERATION_ACTIONS.enable, OUTBOUND_FEDERATION_ACTIONS.read],
        resources: ['*'],
      }),
    );
    this.function.acknowledgeWildcard(
      'Resource::*',
      `${OUTBOUND_FEDERATION_ACTIONS.enable} and ${OUTBOUND_FEDERATION_ACTIONS.read} act on the account's federation setting and have no resource type, so they can only be granted on "*"; the statement holds those two actions only.`,
    );

    const provider = platformProvider(this, {
      platform,
      onEvent: this.function,
      functionName,
      serviceName: OUTBOUND_FEDERATION_SERVICE_NAME,
      purpose: 'outbound federation',
      logRetention,
      removalPolicy,
    });
    // No properties: the switch has no settings, so CloudFormation calls the handler on create
    // (and on delete, which leaves the switch on), never for an update.
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: OUTBOUND_FEDERATION_RESOURCE_TYPE,
    });
    this.issuerUrl = this.resource.getAttString('IssuerIdentifier');
  }
}
