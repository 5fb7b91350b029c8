/** Errors of the local API Gateway itself (not the answers it gives clients). */

/** An API the service would refuse to create: a malformed resource path, a method defined twice. */
export class RestApiConfigurationError extends Error {
  override readonly name = 'RestApiConfigurationError';
}
