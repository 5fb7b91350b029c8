import { mapFromUrlError } from '../../../../lambdas/s3-to-adls/azure-errors';
import {
  SourceChangedError,
  SourceUnreachableError,
  VerificationError,
} from '../../../../lambdas/s3-to-adls/errors';
import { isPermanentError } from '../../../../lambdas/shared/errors';

/** The shape of a storage RestError as the SDK throws it. */
function restError(code: string, statusCode: number, sourceStatus?: string): Error {
  return Object.assign(new Error(code), {
    name: 'RestError',
    code,
    statusCode,
    details: { errorCode: code },
    response: {
      headers: {
        get: (name: string) => (name === 'x-ms-copy-source-status-code' ? sourceStatus : undefined),
      },
    },
  });
}

describe('mapFromUrlError', () => {
  it.each([
    ['404', SourceChangedError],
    ['412', SourceChangedError],
    ['403', SourceUnreachableError],
    ['503', SourceUnreachableError],
    [undefined, SourceUnreachableError],
  ])('CannotVerifyCopySource with source status %s → %p', (status, type) => {
    const mapped = mapFromUrlError(restError('CannotVerifyCopySource', 500, status), 'k');
    expect(mapped).toBeInstanceOf(type);
    expect(isPermanentError(mapped)).toBe(false);
  });

  it('maps a source condition failure and an MD5 mismatch to retryable errors', () => {
    expect(mapFromUrlError(restError('SourceConditionNotMet', 412), 'k')).toBeInstanceOf(
      SourceChangedError,
    );
    expect(mapFromUrlError(restError('Md5Mismatch', 400), 'k')).toBeInstanceOf(VerificationError);
  });

  it('passes other errors through unchanged', () => {
    const busy = restError('ServerBusy', 503);
    expect(mapFromUrlError(busy, 'k')).toBe(busy);
  });
});
