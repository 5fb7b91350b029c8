import { randomUUID } from 'node:crypto';
import type { AwsError } from './aws-error';
import type { AwsRequest, AwsResponse } from './request';
import type { ProtocolFamily } from './auth-errors';
import type { SigV4Auth } from './sigv4';

/** An EventBridge event as rules see it (the `PutEvents` entry after AWS fills the envelope). */
export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

/** SQS message attribute as SQS stores it (also what SNS raw delivery forwards). */
export interface QueueMessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: Buffer;
}

/** What one service may ask of another, in-process. Each is provided by the service that owns it. */
export interface ServiceBus {
  /** EventBridge: put an event on a bus (S3 object events go to `default`). */
  putEvent?(event: EventBridgeEvent, busName?: string): void;
  /** SQS: enqueue on the queue with this ARN. Throws AwsError when there is no such queue. */
  sendToQueue?(
    queueArn: string,
    body: string,
    attributes?: Record<string, QueueMessageAttribute>,
  ): void;
  /** S3: the current version of an object, or undefined. */
  readObject?(bucket: string, key: string): Buffer | undefined;
  /** S3: current objects under a prefix, in key order. */
  listObjects?(bucket: string, prefix: string): { key: string; size: number }[];
}

export interface LocalCloudContext {
  readonly accountId: string;
  readonly region: string;
  /** Base URL clients use, e.g. `http://127.0.0.1:4566` (known once the server listens). */
  endpoint(): string;
  /** The emulator's clock; tests move it to exercise expiry. */
  now(): Date;
  readonly bus: ServiceBus;
}

/** One emulated service: how it is reached, authenticated and reset. */
export interface ServiceHandler {
  /** SigV4 service name in the credential scope (`s3`, `sqs`, `glue`, …). */
  readonly signingName: string;
  readonly family: ProtocolFamily;
  /** JSON services: the `X-Amz-Target` prefix before the dot (`AWSGlue`). */
  readonly targetPrefix?: string;
  /**
   * Services that answer the Query protocol: the `Action` values they answer. A form request
   * signed for the service reaches it; one without a signature is routed by its `Action`.
   */
  readonly actions?: readonly string[];
  /** The protocol a request speaks, when the service answers more than one. @default family */
  protocolFamily?(request: AwsRequest): ProtocolFamily;
  handle(request: AwsRequest, auth: SigV4Auth): Promise<AwsResponse>;
  /** Spells an error the way this service's protocol does. */
  renderError(error: AwsError, request: AwsRequest): AwsResponse;
  /** The AWS name of the operation a request calls (for fault injection); undefined if unknown. */
  operationName?(request: AwsRequest): string | undefined;
  /** Unauthenticated routes (e.g. a JWKS document); undefined when the path is not one of them. */
  handlePublic?(request: AwsRequest): Promise<AwsResponse | undefined>;
  /** Forget every resource. */
  reset(): void;
  /** Releases what the service runs besides its state (engines, workers) when localcloud stops. */
  stop?(): Promise<void>;
  /** JSON-serializable state for persistence, and its inverse. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

export function newRequestId(): string {
  return randomUUID();
}

/** `arn:aws:<service>:<region>:<account>:<resource>` */
export function arn(
  context: LocalCloudContext,
  service: string,
  resource: string,
  options: { region?: string } = {},
): string {
  return `arn:aws:${service}:${options.region ?? context.region}:${context.accountId}:${resource}`;
}
