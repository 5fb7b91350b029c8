/**
 * Makes a retried request safe: Powertools Idempotency records each (caller, resource,
 * Idempotency-Key) in DynamoDB before producing, stores the answer once Kafka has the records,
 * and answers a retry from it without producing again. A request whose production fails leaves
 * no record (Powertools deletes it), so the client's retry produces; a retry while the first is
 * still running gets `IdempotencyAlreadyInProgressError`; the same key with another body gets
 * `IdempotencyValidationError`. Requests without the header are produced straight away.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { Accepted, Submission } from './ingestion';

export interface OnceOptions {
  readonly persistenceStore: BasePersistenceLayer;
  /** How long a key is remembered. */
  readonly expiresAfterSeconds: number;
}

export interface OncePerKey {
  readonly accept: (submission: Submission) => Promise<Accepted>;
  /** Lets an in-progress record expire with the invocation, so a timed-out request can be retried. */
  registerLambdaContext(context: Context): void;
}

export function oncePerIdempotencyKey(
  produce: (submission: Submission) => Promise<Accepted>,
  options: OnceOptions,
): OncePerKey {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[caller, resource, idempotencyKey]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: options.expiresAfterSeconds,
  });
  const idempotent = makeIdempotent(produce, {
    persistenceStore: options.persistenceStore,
    config,
  });
  return {
    accept: (submission) =>
      submission.idempotencyKey === undefined ? produce(submission) : idempotent(submission),
    registerLambdaContext: (context) => config.registerLambdaContext(context),
  };
}
