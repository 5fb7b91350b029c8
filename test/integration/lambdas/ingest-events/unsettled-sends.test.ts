/**
 * Where a failed send's batches wait for the client's retry: the DynamoDB store on the local
 * DynamoDB, and the idempotency layer that keeps, hands back and forgets them around Powertools'
 * own records (its real DynamoDB persistence layer). Kafka is left out: `produce` is a fake that
 * fails or succeeds as each test needs.
 */
import { IdempotencyValidationError } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { KafkaSendError } from '../../../../lambdas/ingest-events/errors';
import {
  oncePerIdempotencyKey,
  type ProduceSubmission,
} from '../../../../lambdas/ingest-events/idempotent-accept';
import type { Submission } from '../../../../lambdas/ingest-events/ingestion';
import {
  bodyHash,
  dynamoUnsettledSends,
  type UnsettledBatch,
  type UnsettledSends,
} from '../../../../lambdas/ingest-events/unsettled-sends';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { recordingLogger } from '../../../fixtures/recording-observability';
import { TABLE_NAME, deployIngestion } from './ingest-fixtures';

const cloud = useLocalCloud();
const DAY = 86_400;

beforeEach(async () => {
  await deployIngestion(cloud());
});

const client = () => new DynamoDBClient(cloud().clientConfig);
const store = (now?: () => number) => dynamoUnsettledSends(client(), TABLE_NAME, DAY, now);

const KEY = {
  caller: 'arn:aws:iam::111122223333:role/shop',
  resource: 'transactions',
  idempotencyKey: 'k-1',
};
const BATCH: UnsettledBatch = {
  producerId: '1042',
  producerEpoch: 0,
  topic: 'purchases',
  partition: 3,
  firstSequence: 17,
  records: [1, 0],
};

function submission(body = '[{"a":1},{"a":2}]', keyed = true): Submission {
  return {
    caller: KEY.caller,
    resource: KEY.resource,
    ...(keyed && { idempotencyKey: KEY.idempotencyKey }),
    body,
    prepared: { ids: ['a1', 'a2'], messages: [] },
  };
}

async function items(): Promise<Record<string, unknown>[]> {
  const { Items } = await client().send(new ScanCommand({ TableName: TABLE_NAME }));
  return Items ?? [];
}

describe('dynamoUnsettledSends', () => {
  it('keeps, reads back and forgets a request’s batches, under an id of its own', async () => {
    const sends = store();
    await sends.keep(KEY, { bodyHash: bodyHash('body'), batches: [BATCH] });

    expect(await sends.read(KEY)).toEqual({ bodyHash: bodyHash('body'), batches: [BATCH] });
    expect(await sends.read({ ...KEY, idempotencyKey: 'k-2' })).toBeUndefined();
    expect(await sends.read({ ...KEY, resource: 'user-interactions' })).toBeUndefined();
    const [item] = await items();
    expect((item!.id as { S: string }).S).toMatch(/^unsettled#[\w-]{43}$/);
    // Expires with the key, through the table's TTL attribute.
    const expires = Number((item!.expiration as { N: string }).N) - Date.now() / 1000;
    expect(expires).toBeGreaterThan(DAY - 60);
    expect(expires).toBeLessThanOrEqual(DAY);

    await sends.forget(KEY);
    expect(await sends.read(KEY)).toBeUndefined();
    expect(await items()).toHaveLength(0);
  });

  it('reads an item past its expiry as gone, before DynamoDB’s sweep removes it', async () => {
    await store(() => Date.now() - (DAY + 1) * 1000).keep(KEY, {
      bodyHash: 'h',
      batches: [BATCH],
    });
    expect(await items()).toHaveLength(1);
    expect(await store().read(KEY)).toBeUndefined();
  });
});

describe('oncePerIdempotencyKey with unsettled batches', () => {
  function accepting(produce: ProduceSubmission, unsettled: UnsettledSends = store()) {
    const { logger, logs } = recordingLogger();
    const once = oncePerIdempotencyKey(produce, {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: TABLE_NAME,
        awsSdkV3Client: client(),
      }),
      expiresAfterSeconds: DAY,
      unsettled,
      logger,
    });
    return { accept: once.accept, logs };
  }

  const lostAnswer = () => Promise.reject(new KafkaSendError('no answer', [BATCH]));

  it('keeps the batches of a failed send, hands them to the retry, and forgets them once it succeeds', async () => {
    const given: (readonly UnsettledBatch[])[] = [];
    let fail = true;
    const { accept } = accepting((sent, unsettled) => {
      given.push(unsettled);
      if (fail) return lostAnswer();
      return Promise.resolve({ accepted: sent.prepared.ids.length, ids: sent.prepared.ids });
    });

    await expect(accept(submission())).rejects.toBeInstanceOf(KafkaSendError);
    expect(await store().read(KEY)).toEqual({
      bodyHash: bodyHash(submission().body),
      batches: [BATCH],
    });
    fail = false;
    await expect(accept(submission())).resolves.toEqual({ accepted: 2, ids: ['a1', 'a2'] });

    expect(given).toEqual([[], [BATCH]]);
    expect(await store().read(KEY)).toBeUndefined();
    // A further retry is answered by Powertools' stored answer and produces nothing.
    await expect(accept(submission())).resolves.toEqual({ accepted: 2, ids: ['a1', 'a2'] });
    expect(given).toHaveLength(2);
  });

  it('a failed retry keeps the batches it was given with those of its own send', async () => {
    const own: UnsettledBatch = { ...BATCH, producerId: '2001', partition: 5, records: [2] };
    let attempt = 0;
    const { accept } = accepting((_, unsettled) => {
      attempt += 1;
      return Promise.reject(
        new KafkaSendError('no answer', attempt === 1 ? [BATCH] : [...unsettled, own]),
      );
    });
    await expect(accept(submission())).rejects.toBeInstanceOf(KafkaSendError);
    await expect(accept(submission())).rejects.toBeInstanceOf(KafkaSendError);
    expect((await store().read(KEY))?.batches).toEqual([BATCH, own]);
  });

  it('refuses the same key with another body while batches wait, and keeps them for the true retry', async () => {
    const { accept } = accepting(lostAnswer);
    await expect(accept(submission())).rejects.toBeInstanceOf(KafkaSendError);

    await expect(accept(submission('[{"a":3}]'))).rejects.toBeInstanceOf(
      IdempotencyValidationError,
    );
    expect((await store().read(KEY))?.batches).toEqual([BATCH]);
  });

  it('keeps nothing for a send that failed before any batch went out, or for a request without a key', async () => {
    const { accept } = accepting(() => Promise.reject(new KafkaSendError('no connection')));
    await expect(accept(submission())).rejects.toBeInstanceOf(KafkaSendError);
    const unkeyed = accepting(lostAnswer);
    await expect(unkeyed.accept(submission(undefined, false))).rejects.toBeInstanceOf(
      KafkaSendError,
    );
    expect(await items()).toHaveLength(0);
  });

  it('still fails the request when the batches cannot be kept, and says a retry may store them twice', async () => {
    const failing: UnsettledSends = {
      ...store(),
      keep: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    };
    const { accept, logs } = accepting(lostAnswer, failing);

    await expect(accept(submission())).rejects.toBeInstanceOf(KafkaSendError);
    expect(logs.filter((log) => log.level === 'error').map((log) => log.message)).toEqual([
      'the unsettled batches could not be kept: a retry may store them twice',
    ]);
  });

  it('fails the request when the batches cannot be read, and the retry can still run', async () => {
    let reads = 0;
    const flaky: UnsettledSends = {
      ...store(),
      read: (key) => (++reads === 1 ? Promise.reject(new Error('throttled')) : store().read(key)),
    };
    const produced: string[] = [];
    const { accept } = accepting((sent) => {
      produced.push(sent.body);
      return Promise.resolve({ accepted: 2, ids: ['a1', 'a2'] });
    }, flaky);

    await expect(accept(submission())).rejects.toThrow('throttled');
    expect(produced).toEqual([]);
    await expect(accept(submission())).resolves.toEqual({ accepted: 2, ids: ['a1', 'a2'] });
    expect(produced).toHaveLength(1);
  });
});

describe('a retry arriving while the first attempt still runs', () => {
  /** Powertools' persistence, its put held until `gate` opens; `reached` says it got there. */
  class HeldPuts extends DynamoDBPersistenceLayer {
    reached = false;

    constructor(
      options: ConstructorParameters<typeof DynamoDBPersistenceLayer>[0],
      private readonly gate: Promise<void>,
    ) {
      super(options);
    }

    protected override async _putRecord(
      record: Parameters<DynamoDBPersistenceLayer['_putRecord']>[0],
    ): Promise<void> {
      this.reached = true;
      await this.gate;
      return super._putRecord(record);
    }
  }

  it('reads the batches only once it holds the key, so it sees those the first attempt kept as it failed', async () => {
    const { logger } = recordingLogger();
    const options = { tableName: TABLE_NAME, awsSdkV3Client: client() };
    let failFirst!: () => void;
    let firstProducing!: () => void;
    const producing = new Promise<void>((resolve) => (firstProducing = resolve));
    const first = oncePerIdempotencyKey(
      () => {
        firstProducing();
        return new Promise((_, reject) => {
          failFirst = () => reject(new KafkaSendError('answer lost', [BATCH]));
        });
      },
      {
        persistenceStore: new DynamoDBPersistenceLayer(options),
        expiresAfterSeconds: DAY,
        unsettled: store(),
        logger,
      },
    );
    let openGate!: () => void;
    const held = new HeldPuts(options, new Promise<void>((resolve) => (openGate = resolve)));
    let readsRunning = 0;
    const counted: UnsettledSends = {
      ...store(),
      read: (key) => {
        readsRunning += 1;
        return store()
          .read(key)
          .finally(() => (readsRunning -= 1));
      },
    };
    const given: (readonly UnsettledBatch[])[] = [];
    const second = oncePerIdempotencyKey(
      (_, unsettled) => {
        given.push(unsettled);
        return Promise.resolve({ accepted: 2, ids: ['a1', 'a2'] });
      },
      { persistenceStore: held, expiresAfterSeconds: DAY, unsettled: counted, logger },
    );

    const firstAttempt = first.accept(submission()).catch((error: unknown) => error);
    await producing;
    const retry = second.accept(submission());
    // The retry waits to take the key, and has read nothing that could go stale meanwhile.
    while (!held.reached || readsRunning > 0) await new Promise((resolve) => setImmediate(resolve));
    failFirst();
    expect(await firstAttempt).toBeInstanceOf(KafkaSendError);
    openGate();

    await expect(retry).resolves.toEqual({ accepted: 2, ids: ['a1', 'a2'] });
    expect(given).toEqual([[BATCH]]);
  });
});
