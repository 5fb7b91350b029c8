/**
 * IAM outbound web identity federation through the SDK bundled with this function (the pinned
 * `@aws-sdk/client-iam`), never the Lambda runtime's: these 2025 operations are missing from
 * older runtime SDKs, and a missing command would fail the stack at create.
 */
import {
  EnableOutboundWebIdentityFederationCommand,
  FeatureEnabledException,
  GetOutboundWebIdentityFederationInfoCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';

/** What the custom resource needs of IAM. */
export interface OutboundFederationApi {
  /** Turns the account-wide feature on; resolves as well when it already was. */
  enable(): Promise<void>;
  /** The issuer URL (`https://…`) of the tokens the account's roles obtain, if IAM names one. */
  issuerUrl(): Promise<string | undefined>;
}

export function iamOutboundFederation(client: Pick<IAMClient, 'send'>): OutboundFederationApi {
  return {
    async enable() {
      try {
        await client.send(new EnableOutboundWebIdentityFederationCommand({}));
      } catch (error) {
        // Already on (an earlier deploy, another stack, the console) is the state we want.
        if (error instanceof FeatureEnabledException) return;
        throw error;
      }
    },
    async issuerUrl() {
      const info = await client.send(new GetOutboundWebIdentityFederationInfoCommand({}));
      return info.IssuerIdentifier;
    },
  };
}
