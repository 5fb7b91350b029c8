/**
 * Makes a retried request safe: Powertools Idempotency records each (caller, resource,
 * Idempotency-Key) in DynamoDB before producing, stores the answer once Kafka has the records,
 * and answers a retry from it without producing again. A request whose production fails leaves
 * no record (Powertools deletes it), so the client's retry produces; a retry while the first is
 * still running gets `IdempotencyAlreadyInProgressError`; the same key with another body gets
 * `IdempotencyValidationError`. Requests without the header are produced straight away.
 *
 * A failed send also leaves the identities of the batches that went out (unsettled-sends.ts),
 * which the retry sends again under those identities, so a batch stored before its answer was
 * lost is not stored twice. They are kept before the failed attempt lets go of its key, and read
 * only once the retry holds it: read earlier, a retry racing the failing attempt could miss them.
 */
import {
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Context } from 'aws-lambda';
import type { LogPort } from '../shared/ports';
import { KafkaSendError } from './errors';
import type { Accepted, Submission } from './ingestion';
import {
  bodyHash,
  type RequestKey,
  type UnsettledBatch,
  type UnsettledSends,
} from './unsettled-sends';

export interface OnceOptions {
  readonly persistenceStore: BasePersistenceLayer;
  /** How long a key is remembered. */
  readonly expiresAfterSeconds: number;
  /** Where a failed send's batches wait for the client's retry. */
  readonly unsettled: UnsettledSends;
  readonly logger: LogPort;
}

export interface OncePerKey {
  readonly accept: (submission: Submission) => Promise<Accepted>;
  /** Lets an in-progress record expire with the invocation, so a timed-out request can be retried. */
  registerLambdaContext(context: Context): void;
}

/** Produces a submission; `unsettled` are an earlier attempt's batches, to send again. */
export type ProduceSubmission = (
  submission: Submission,
  unsettled: readonly UnsettledBatch[],
) => Promise<Accepted>;

function requestKeyOf({ caller, resource, idempotencyKey }: Submission): RequestKey | undefined {
  return idempotencyKey === undefined ? undefined : { caller, resource, idempotencyKey };
}

export function oncePerIdempotencyKey(
  produce: ProduceSubmission,
  options: OnceOptions,
): OncePerKey {
  const { unsettled, logger } = options;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[caller, resource, idempotencyKey]',
    payloadValidationJmesPath: 'body',
    expiresAfterSeconds: options.expiresAfterSeconds,
  });

  /** Runs while the request holds its key: no other attempt of it runs meanwhile. */
  const produceHoldingKey = async (submission: Submission): Promise<Accepted> => {
    const key = requestKeyOf(submission)!;
    const hash = bodyHash(submission.body);
    const previous = await unsettled.read(key);
    if (previous && previous.bodyHash !== hash)
      throw new IdempotencyValidationError(
        'this Idempotency-Key was used for a request with a different body',
      );
    if (previous)
      logger.info('sending again the batches of an attempt whose answer was lost', {
        batches: previous.batches.length,
      });
    try {
      const accepted = await produce(submission, previous?.batches ?? []);
      if (previous)
        await unsettled.forget(key).catch((error: unknown) => {
          // Harmless: the stored answer now answers every retry; the item expires with the key.
          logger.warn('the unsettled batches could not be forgotten', { error });
        });
      return accepted;
    } catch (error) {
      if (error instanceof KafkaSendError && error.unsettled.length > 0)
        await unsettled
          .keep(key, { bodyHash: hash, batches: error.unsettled })
          .catch((keepError: unknown) => {
            logger.error('the unsettled batches could not be kept: a retry may store them twice', {
              error: keepError,
            });
          });
      throw error;
    }
  };

  const idempotent = makeIdempotent(produceHoldingKey, {
    persistenceStore: options.persistenceStore,
    config,
  });
  return {
    accept: (submission) =>
      submission.idempotencyKey === undefined ? produce(submission, []) : idempotent(submission),
    registerLambdaContext: (context) => config.registerLambdaContext(context),
  };
}
