import {
  MarketplaceSendError,
  MarketplaceSender,
  NOT_JSON_FIELD,
} from '../../../../../scripts/local-run/marketplace/marketplace-sender';
import type { SignedAnswer } from '../../../../../scripts/local-run/marketplace/signed-fetch';

interface Sent {
  readonly path: string;
  readonly body: string;
  readonly key: string;
}

/** A fake API: answers each request with the next of `answers` (202 once they run out). */
function fakeApi(answers: ((body: string) => SignedAnswer | Error)[] = []) {
  const sent: Sent[] = [];
  const post = (path: string, body: string, headers: Readonly<Record<string, string>>) => {
    sent.push({ path, body, key: headers['Idempotency-Key']! });
    const next = answers.shift();
    const answer = next ? next(body) : { status: 202, body: '{}' };
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return { post, sent };
}

const noSleep = () => Promise.resolve();
const line = (id: number) => JSON.stringify({ id: `r${id}` });
const problem = (paths: string[]): SignedAnswer => ({
  status: 400,
  body: JSON.stringify({ errors: paths.map((path) => ({ path, message: 'bad' })) }),
});

it('sends JSON lines in batches of the limit, each under its own key', async () => {
  const { post, sent } = fakeApi();
  const sender = new MarketplaceSender(post, {
    maxRecordsPerRequest: 2,
    runId: 't',
    sleep: noSleep,
  });

  await sender.send('transactions', [line(1), line(2), line(3)]);

  expect(sent.map(({ path, body }) => [path, body])).toEqual([
    ['/v1/transactions', `[${line(1)},${line(2)}]`],
    ['/v1/transactions', `[${line(3)}]`],
  ]);
  expect(new Set(sent.map((each) => each.key)).size).toBe(2);
  expect(sender.figures().resources).toEqual([
    { resource: 'transactions', records: 3, accepted: 3, refused: 0 },
  ]);
});

it('sets aside the records a 400 names and resends the rest under a new key', async () => {
  const { post, sent } = fakeApi([
    () => problem(['/0/quantity', '/0/unit_price', '/2/transaction_id']),
  ]);
  const sender = new MarketplaceSender(post, {
    maxRecordsPerRequest: 10,
    runId: 't',
    sleep: noSleep,
  });

  await sender.send('transactions', [line(1), line(2), line(3)]);

  expect(sent[1]!.body).toBe(`[${line(2)}]`);
  expect(sent[1]!.key).not.toBe(sent[0]!.key);
  const figures = sender.figures();
  expect(figures.refusedByField).toEqual({ quantity: 1, transaction_id: 1 });
  expect(figures.resources[0]).toMatchObject({ accepted: 1, refused: 2 });
  expect(figures.statuses).toEqual({ '202': 1, '400': 1 });
});

it('retries a 503, a 409 and a broken connection with the same key and body', async () => {
  const { post, sent } = fakeApi([
    () => ({ status: 503, body: '{}' }),
    () => new Error('socket hang up'),
    () => ({ status: 409, body: '{}' }),
  ]);
  const sender = new MarketplaceSender(post, {
    maxRecordsPerRequest: 10,
    runId: 't',
    sleep: noSleep,
  });

  await sender.send('user-interactions', [line(1)]);

  expect(sent).toHaveLength(4);
  expect(new Set(sent.map((each) => `${each.key} ${each.body}`)).size).toBe(1);
  expect(sender.figures()).toMatchObject({
    retries: 3,
    statuses: { '0': 1, '202': 1, '409': 1, '503': 1 },
  });
});

it('sends a line that is not JSON alone, as it is, and counts its refusal', async () => {
  const { post, sent } = fakeApi([
    () => ({ status: 400, body: JSON.stringify({ title: 'Malformed JSON' }) }),
  ]);
  const sender = new MarketplaceSender(post, {
    maxRecordsPerRequest: 10,
    runId: 't',
    sleep: noSleep,
  });

  await sender.send('transactions', ['this is not JSON {', line(1)]);

  expect(sent.map((each) => each.body)).toEqual(['this is not JSON {', `[${line(1)}]`]);
  expect(sender.figures().refusedByField).toEqual({ [NOT_JSON_FIELD]: 1 });
});

it('gives up with a typed error when the API never takes the request', async () => {
  const { post } = fakeApi(Array.from({ length: 10 }, () => () => ({ status: 503, body: 'down' })));
  const sender = new MarketplaceSender(post, {
    maxRecordsPerRequest: 10,
    runId: 't',
    sleep: noSleep,
    retryDelaysMs: [1, 1],
  });

  await expect(sender.send('transactions', [line(1)])).rejects.toThrow(MarketplaceSendError);
});
