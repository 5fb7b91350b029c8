import { queryParamsOf } from '../../../src/core/query-protocol';
import type { AwsRequest } from '../../../src/core/request';
import { parseForm, parseQuery } from '../../../src/core/request';

function formRequest(body: string): AwsRequest {
  return {
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    query: new Map(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(body),
    requestId: 'test',
  };
}

describe('form bodies of AWS Query requests', () => {
  it('reads + as a space and %2B as a plus, as application/x-www-form-urlencoded says', () => {
    const params = queryParamsOf(
      formRequest('Action=Publish&Message=a+b%2Bc+100%25&Subject=two+words'),
    );

    expect(params.get('Message')).toBe('a b+c 100%');
    expect(params.get('Subject')).toBe('two words');
  });

  it('decodes what URLSearchParams encodes, whatever the characters', () => {
    const values = { Message: 'a b + c & d = e % é 😀', Key: ' leading and trailing ' };

    const parsed = parseForm(new URLSearchParams(values).toString());

    expect(Object.fromEntries(parsed)).toEqual(values);
  });

  it('leaves a plus in a query string literal, as S3 reads it', () => {
    expect(parseQuery('prefix=a+b').get('prefix')).toBe('a+b');
  });
});
