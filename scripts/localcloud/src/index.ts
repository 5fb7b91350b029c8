/**
 * localcloud's public entry point: everything the rest of the repository may use. Anything not
 * exported here is the emulator's own business and may change without notice; lint refuses
 * imports that reach past this file.
 */

// Start an endpoint, drive it (clock, faults, service events, bit rot) and stop it.
export {
  startLocalCloud,
  type LocalCloud,
  type LocalCloudOptions,
  type ServiceEvent,
} from './server';
export type { EventBridgeEvent } from './core/context';
export {
  InvalidFaultError,
  type FaultSpec,
  type FaultTiming,
  type TriggeredFault,
} from './core/faults';

// The Azure side: the well-known development account, and the transport that lets Azure SDK
// credentials reach the local identity provider over plain HTTP.
export {
  DEV_ACCOUNT_KEY,
  DEV_ACCOUNT_NAME,
  DEFAULT_SERVICE_VERSION,
  connectionString,
} from './azure/account';
export { localAzureTransport, type LocalAzureTransport } from './azure/identity';

// Reference implementations of service rules, for checking the platform's own settings against
// the rule the emulator enforces: EventBridge event patterns, S3 event key encoding, Azure
// Shared Key signatures.
export { parseEventPattern } from './services/events/pattern/validate-pattern';
export { matchesPattern } from './services/events/pattern/match-pattern';
export type { EventPattern } from './services/events/pattern/pattern-types';
export { encodeEventKey } from './services/s3/events';
export { verifySharedKey } from './azure/shared-key';

// SigV4 as AWS verifies it, for local stand-ins of AWS endpoints that live outside the emulator
// (the local API Gateway in scripts/local-platform/rest-api), and who a signing key acts as.
export {
  authenticate,
  type AuthFailure,
  type AuthResult,
  type SigV4Auth,
  type VerifyOptions,
} from './core/sigv4';
export { parseQuery, type AwsRequest } from './core/request';
export type { CallerIdentity } from './services/sts/identities';

// The warehouse engine behind the Redshift Data API, opened directly: a baseline that measures
// what the Data API layer costs on top of the engine's own bulk COPY.
export { PgConnection } from './services/redshift-data/pg-connection';
export { runSimple } from './services/redshift-data/pg-wire';
export { copyTextValue } from './services/redshift-data/copy/bulk-load';
export { isCopyStatement, parseCopyCommand } from './services/redshift-data/copy/copy-command';
