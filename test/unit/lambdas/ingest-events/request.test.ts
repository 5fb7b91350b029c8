import { loadPlatform } from '../../../../infra/platform';
import {
  callerOf,
  headerValue,
  readIngestionRequest,
} from '../../../../lambdas/ingest-events/request';
import { MARKETPLACE_CALLER_ARN, restApiEvent } from '../../../fixtures/events/api-gateway';
import { TRANSACTION, refusalOf } from '../../../fixtures/marketplace-records';

const api = loadPlatform('dev').marketplaceApi;
const read = (event: Parameters<typeof readIngestionRequest>[0]) =>
  readIngestionRequest(event, api.ingestion, api);

describe('readIngestionRequest', () => {
  it('reads one record, the caller and the Idempotency-Key whatever its case', () => {
    const body = JSON.stringify(TRANSACTION);
    const request = read(
      restApiEvent({ resource: '/v1/transactions', body, headers: { 'idempotency-key': 'k-1' } }),
    );
    expect(request).toEqual({
      route: api.ingestion[0],
      records: [TRANSACTION],
      batch: false,
      body,
      idempotencyKey: 'k-1',
      caller: MARKETPLACE_CALLER_ARN.slice(0, MARKETPLACE_CALLER_ARN.lastIndexOf('/')),
    });
  });

  it('scopes keys by the role, not by its session: a retry from a refreshed session is the same caller', () => {
    const event = restApiEvent({ resource: '/v1/transactions', body: '{}' });
    const other = structuredClone(event);
    other.requestContext.identity.userArn =
      'arn:aws:sts::123456789012:assumed-role/marketplace-backend/refreshed-session';
    expect(callerOf(other)).toBe(callerOf(event));
    expect(callerOf(event)).toBe('arn:aws:sts::123456789012:assumed-role/marketplace-backend');
    other.requestContext.identity.userArn = 'arn:aws:iam::123456789012:user/batch-loader';
    expect(callerOf(other)).toBe('arn:aws:iam::123456789012:user/batch-loader');
  });

  it('reads an array as a batch, also from a base64 body', () => {
    const body = JSON.stringify([TRANSACTION, TRANSACTION]);
    const event = {
      ...restApiEvent({ resource: '/v1/transactions', body: Buffer.from(body).toString('base64') }),
      isBase64Encoded: true,
    };
    expect(read(event)).toMatchObject({ batch: true, records: [TRANSACTION, TRANSACTION], body });
  });

  it.each([
    ['text/plain', 415],
    ['application/json; charset=latin-1', 415],
    ['application/xml', 415],
  ])('refuses Content-Type %s with %i', (contentType, status) => {
    const event = restApiEvent({
      resource: '/v1/transactions',
      body: '{}',
      headers: { 'Content-Type': contentType },
    });
    expect(refusalOf(() => read(event)).status).toBe(status);
  });

  it('accepts application/json with a UTF-8 charset, in any case', () => {
    const event = restApiEvent({
      resource: '/v1/transactions',
      body: JSON.stringify(TRANSACTION),
      headers: { 'content-type': 'Application/JSON; charset=UTF-8' },
    });
    expect(read(event).records).toHaveLength(1);
  });

  it('refuses a body without a Content-Type with 415', () => {
    const event = restApiEvent({ resource: '/v1/transactions', body: '{}' });
    delete event.headers['Content-Type'];
    expect(refusalOf(() => read(event)).status).toBe(415);
  });

  it('refuses a body over the byte limit, and a batch over the record limit, with 413', () => {
    const big = restApiEvent({
      resource: '/v1/transactions',
      body: JSON.stringify({ padding: 'x'.repeat(api.maxRequestBytes) }),
    });
    expect(refusalOf(() => read(big))).toMatchObject({ status: 413, title: 'Request too large' });
    const many = restApiEvent({
      resource: '/v1/user-interactions',
      body: JSON.stringify(Array.from({ length: api.maxRecordsPerRequest + 1 }, () => ({}))),
    });
    expect(refusalOf(() => read(many))).toMatchObject({ status: 413, title: 'Too many records' });
  });

  it('takes exactly the record limit', () => {
    const event = restApiEvent({
      resource: '/v1/user-interactions',
      body: JSON.stringify(Array.from({ length: api.maxRecordsPerRequest }, () => ({}))),
    });
    expect(read(event).records).toHaveLength(api.maxRecordsPerRequest);
  });

  it.each([
    ['not JSON', '{"quantity": 2', 'Malformed JSON'],
    ['an empty body', '', 'Malformed JSON'],
    ['an empty array', '[]', 'No records'],
  ])('refuses %s with 400', (_, body, title) => {
    const event = restApiEvent({ resource: '/v1/transactions', body });
    expect(refusalOf(() => read(event))).toMatchObject({ status: 400, title });
  });

  it('names every element of a batch that is not an object', () => {
    const event = restApiEvent({
      resource: '/v1/transactions',
      body: JSON.stringify([TRANSACTION, 7, null, [TRANSACTION]]),
    });
    expect(refusalOf(() => read(event)).errors).toEqual([
      { path: '/1', message: 'must be a JSON object' },
      { path: '/2', message: 'must be a JSON object' },
      { path: '/3', message: 'must be a JSON object' },
    ]);
  });

  it.each(['', 'has space', 'x'.repeat(256), 'clé'])('refuses the Idempotency-Key %p', (key) => {
    const event = restApiEvent({
      resource: '/v1/transactions',
      body: JSON.stringify(TRANSACTION),
      headers: { 'Idempotency-Key': key },
    });
    expect(refusalOf(() => read(event))).toMatchObject({
      status: 400,
      title: 'Invalid Idempotency-Key',
    });
  });

  it('refuses a request with two Idempotency-Key headers, whatever their case', () => {
    const event = restApiEvent({
      resource: '/v1/transactions',
      body: JSON.stringify(TRANSACTION),
      headers: { 'Idempotency-Key': 'second' },
    });
    const twice = {
      ...event,
      multiValueHeaders: {
        ...event.multiValueHeaders,
        'Idempotency-Key': ['second'],
        'idempotency-key': ['first'],
      },
    };
    expect(refusalOf(() => read(twice))).toMatchObject({
      status: 400,
      title: 'Invalid Idempotency-Key',
      message: 'send one Idempotency-Key header, not several',
    });
  });

  it('refuses a base64 body that is not UTF-8, rather than replace its bytes', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"product_id":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const event = {
      ...restApiEvent({ resource: '/v1/transactions', body: bytes.toString('base64') }),
      isBase64Encoded: true,
    };
    expect(refusalOf(() => read(event))).toMatchObject({
      status: 400,
      message: 'the body is not valid UTF-8',
    });
  });

  it('refuses a resource or method that is not an ingestion route with 404', () => {
    const get = restApiEvent({ method: 'GET', resource: '/v1/transactions' });
    expect(refusalOf(() => read(get)).status).toBe(404);
    const other = restApiEvent({ resource: '/v1/refunds', body: '{}' });
    expect(refusalOf(() => read(other)).status).toBe(404);
  });
});

describe('headerValue', () => {
  it('finds a header whatever the case the client sent', () => {
    const event = restApiEvent({
      resource: '/v1/transactions',
      headers: { 'IDEMPOTENCY-KEY': 'a' },
    });
    expect(headerValue(event, 'Idempotency-Key')).toBe('a');
    expect(headerValue(event, 'X-Missing')).toBeUndefined();
  });
});
