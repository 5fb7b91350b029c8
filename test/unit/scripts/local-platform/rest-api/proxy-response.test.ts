import type { APIGatewayProxyResult } from 'aws-lambda';
import { INTERNAL_SERVER_ERROR } from '../../../../../scripts/local-platform/rest-api/gateway-responses';
import {
  proxyResponse,
  type MappedResponse,
} from '../../../../../scripts/local-platform/rest-api/proxy-response';

function mapped(payload: unknown): MappedResponse {
  const answer = proxyResponse({ requestId: 'r', payload });
  if ('contentType' in answer) throw new Error(`expected a mapped response, got ${answer.body}`);
  return answer;
}

function headersOf(answer: MappedResponse): Record<string, string[]> {
  return Object.fromEntries([...answer.headers.values()].map(({ name, values }) => [name, values]));
}

describe('proxyResponse (payload format 1.0)', () => {
  it('maps status, headers and body', () => {
    const result: APIGatewayProxyResult = {
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'X-Count': 3, 'X-Flag': true },
      body: '{"id":"t-1"}',
    };
    const answer = mapped(result);
    expect(answer.status).toBe(201);
    expect(answer.body).toBe('{"id":"t-1"}');
    expect(headersOf(answer)).toEqual({
      'Content-Type': ['application/json'],
      'X-Count': ['3'],
      'X-Flag': ['true'],
    });
  });

  it('merges multiValueHeaders with headers, multiValueHeaders winning for a name both have', () => {
    const answer = mapped({
      statusCode: 200,
      headers: { 'Set-Cookie': 'ignored=1', 'X-Single': 'one' },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: '',
    });
    expect(headersOf(answer)).toEqual({ 'set-cookie': ['a=1', 'b=2'], 'X-Single': ['one'] });
  });

  it('remaps headers API Gateway owns and drops hop-by-hop ones', () => {
    const answer = mapped({
      statusCode: 401,
      headers: {
        'WWW-Authenticate': 'Basic',
        Date: 'yesterday',
        'Content-Length': '999',
        'Transfer-Encoding': 'chunked',
      },
      body: 'no',
    });
    expect(headersOf(answer)).toEqual({
      'X-Amzn-Remapped-WWW-Authenticate': ['Basic'],
      'X-Amzn-Remapped-Date': ['yesterday'],
    });
  });

  it('treats a missing body as empty, and passes a base64 body on as the text it is', () => {
    expect(mapped({ statusCode: 204 }).body).toBe('');
    expect(mapped({ statusCode: 200, body: 'aGk=', isBase64Encoded: true }).body).toBe('aGk=');
  });

  it.each<[string, unknown]>([
    ['a function error', undefined],
    ['no object', 'OK'],
    ['null', null],
    ['an array', [200]],
    ['no statusCode', { body: 'x' }],
    ['a string statusCode', { statusCode: '200', body: 'x' }],
    ['a statusCode out of range', { statusCode: 99, body: 'x' }],
    ['a body that is not a string', { statusCode: 200, body: { not: 'a string' } }],
    ['headers that are not an object', { statusCode: 200, headers: ['x'], body: '' }],
    ['a header value that is an object', { statusCode: 200, headers: { a: { b: 1 } }, body: '' }],
    [
      'multiValueHeaders values that are not lists',
      { statusCode: 200, multiValueHeaders: { a: 'b' } },
    ],
    ['isBase64Encoded that is not a boolean', { statusCode: 200, isBase64Encoded: 'yes' }],
  ])('answers 502 Internal server error for %s', (what, payload) => {
    const answer =
      what === 'a function error'
        ? proxyResponse({
            requestId: 'r',
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: 'Task timed out after 3.00 seconds',
            },
          })
        : proxyResponse({ requestId: 'r', payload });
    expect(answer).toBe(INTERNAL_SERVER_ERROR);
    expect(INTERNAL_SERVER_ERROR).toMatchObject({
      status: 502,
      body: '{"message":"Internal server error"}',
    });
  });
});
