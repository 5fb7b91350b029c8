/**
 * The fault phase's schedule: Kafka Produce faults injected into localcloud while the load runs,
 * on the purchases topic, each episode at its share of the phase. The first five are what the
 * function's own send retries absorb (the idempotent producer resends the batch with the same
 * sequence, and the broker answers a batch it already appended with its first offset); the last
 * two outlast those retries, so requests fail with 503 and the client retries them:
 *
 * - an outage before the append: nothing was stored, the client's retry stores the record once;
 * - an answer lost after the append, then an outage of every retry of that send: the batch is
 *   stored, the function cannot know it, answers 503, drops its producer and keeps the batch's
 *   identity (lambdas/ingest-events/unsettled-sends.ts); the client's retry sends the record
 *   again under that identity, and the broker answers it as the duplicate it is. Before that
 *   was built, this episode stored its record twice in every run.
 */
import type { FaultSpec } from '@hybrid-lake/localcloud';
import type { LoadMessage } from './protocol';

export interface Episode {
  /** Share of the phase after which it is injected, once the episodes before it have struck. */
  readonly at: number;
  readonly name: string;
  readonly message: LoadMessage;
}

const TOPIC = 'purchases';

function produce(spec: Omit<FaultSpec, 'service' | 'operation' | 'topic'>): FaultSpec {
  return { service: 'kafka', operation: 'Produce', topic: TOPIC, ...spec };
}

/**
 * One send tries 1 + 5 times (INGEST_DEFAULTS.sendRetry); an outage of `OUTAGE` strikes fails
 * about two sends of each container before it is used up.
 */
const OUTAGE = 14;

export const EPISODES: readonly Episode[] = [
  {
    at: 0.1,
    name: 'NOT_ENOUGH_REPLICAS before the append, 3 requests',
    message: {
      type: 'inject',
      faults: [produce({ times: 3, error: { code: 'NOT_ENOUGH_REPLICAS' } })],
    },
  },
  {
    at: 0.2,
    name: 'REQUEST_TIMED_OUT before the append, 3 requests',
    message: {
      type: 'inject',
      faults: [produce({ times: 3, error: { code: 'REQUEST_TIMED_OUT' } })],
    },
  },
  {
    at: 0.3,
    name: 'connection dropped before the append, 2 requests',
    message: { type: 'inject', faults: [produce({ times: 2, dropConnection: true })] },
  },
  {
    at: 0.4,
    name: 'connection dropped after the append, 2 requests',
    message: {
      type: 'inject',
      faults: [produce({ times: 2, dropConnection: true, when: 'after' })],
    },
  },
  {
    at: 0.5,
    name: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND, 2 requests',
    message: {
      type: 'inject',
      faults: [
        produce({ times: 2, when: 'after', error: { code: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' } }),
      ],
    },
  },
  {
    at: 0.6,
    name: `outage before the append (NOT_ENOUGH_REPLICAS, ${OUTAGE} requests): 503s`,
    message: {
      type: 'inject',
      faults: [produce({ times: OUTAGE, error: { code: 'NOT_ENOUGH_REPLICAS' } })],
    },
  },
  {
    at: 0.75,
    name: `answer lost after the append, then an outage (REQUEST_TIMED_OUT, ${OUTAGE} requests): 503s`,
    message: {
      type: 'inject-chain',
      first: produce({ dropConnection: true, when: 'after' }),
      then: [produce({ times: OUTAGE, error: { code: 'REQUEST_TIMED_OUT' } })],
    },
  },
];

/** Calls an episode strikes before it is used up. */
export function strikesOf(message: LoadMessage): number {
  const specs =
    message.type === 'inject'
      ? message.faults
      : message.type === 'inject-chain'
        ? [message.first, ...message.then]
        : [];
  return specs.reduce((sum, spec) => sum + (spec.times ?? 1), 0);
}
