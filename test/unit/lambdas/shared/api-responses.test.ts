import { ApiRejection, problemResponse } from '../../../../lambdas/shared/api-responses';

/** A function's refusal as the API's functions declare theirs: a name, its statuses, its issues. */
class ExampleRejectedError extends ApiRejection<400 | 409, { readonly path: string }> {
  override readonly name = 'ExampleRejectedError';
}

const ORIGIN = 'https://marketplace.dev.hybrid-lake.example';

describe('ApiRejection', () => {
  it('carries the status, title and issues, with the message as the detail', () => {
    const rejection = new ExampleRejectedError(400, 'Invalid records', 'one field is wrong', [
      { path: '/quantity' },
    ]);

    expect(rejection).toBeInstanceOf(Error);
    expect(rejection).toMatchObject({
      name: 'ExampleRejectedError',
      status: 400,
      title: 'Invalid records',
      message: 'one field is wrong',
      detail: 'one field is wrong',
      errors: [{ path: '/quantity' }],
      retryAfterSeconds: undefined,
    });
  });

  it('lists no issues and keeps the cause it was given', () => {
    const cause = new Error('underlying');

    const rejection = new ExampleRejectedError(409, 'Busy', 'retry shortly', undefined, { cause });

    expect(rejection.errors).toEqual([]);
    expect(rejection.cause).toBe(cause);
  });
});

describe('problemResponse of an ApiRejection', () => {
  it('answers its status with the problem document, byte for byte', () => {
    const rejection = new ExampleRejectedError(400, 'Invalid records', 'one field is wrong', [
      { path: '/quantity' },
    ]);

    expect(problemResponse(rejection, { allowedOrigin: ORIGIN })).toEqual({
      statusCode: 400,
      headers: {
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': ORIGIN,
        Vary: 'Origin',
        'Content-Type': 'application/problem+json',
      },
      body: '{"type":"about:blank","title":"Invalid records","status":400,"detail":"one field is wrong","errors":[{"path":"/quantity"}]}',
    });
  });

  it('leaves out an empty issue list, and the CORS headers when no origin may call', () => {
    const rejection = new ExampleRejectedError(400, 'No records', 'the array holds no record');

    const response = problemResponse(rejection, {});

    expect(response.headers).toEqual({
      'Cache-Control': 'no-store',
      'Content-Type': 'application/problem+json',
    });
    expect(response.body).toBe(
      '{"type":"about:blank","title":"No records","status":400,"detail":"the array holds no record"}',
    );
  });

  it('says when to retry', () => {
    const rejection = new ExampleRejectedError(409, 'Busy', 'retry shortly', [], {
      retryAfterSeconds: 2,
    });

    expect(problemResponse(rejection, {}).headers).toMatchObject({ 'Retry-After': '2' });
  });
});
