/** Typed errors of the outbound-federation custom resource. */

/** The input is not a CloudFormation custom-resource request. */
export class InvalidFederationEventError extends Error {
  override readonly name = 'InvalidFederationEventError';
}

/** IAM reports the feature on but names no issuer: nothing for Entra ID to trust. */
export class FederationIssuerMissingError extends Error {
  override readonly name = 'FederationIssuerMissingError';
}
