/** The Blob service's error answers used by more than one operation, with the reference's wording. */
import { AzureError } from '../azure-error';

export function blobNotFound(): AzureError {
  return new AzureError('BlobNotFound', 'The specified blob does not exist.', 404);
}

export function blobAlreadyExists(): AzureError {
  return new AzureError('BlobAlreadyExists', 'The specified blob already exists.', 409);
}

export function conditionNotMet(): AzureError {
  return new AzureError(
    'ConditionNotMet',
    'The condition specified using HTTP conditional header(s) is not met.',
    412,
  );
}

export function md5Mismatch(sent: string, computed: string): AzureError {
  return new AzureError(
    'Md5Mismatch',
    'The MD5 value specified in the request did not match with the MD5 value calculated by the server.',
    400,
    { details: { UserSpecifiedMd5: sent, ServerCalculatedMd5: computed } },
  );
}

export function invalidMd5(): AzureError {
  return new AzureError(
    'InvalidMd5',
    'The MD5 value specified in the request is invalid. The MD5 value must be 128 bits and Base64-encoded.',
    400,
  );
}

export function missingHeader(name: string): AzureError {
  return new AzureError(
    'MissingRequiredHeader',
    "An HTTP header that's mandatory for this request is not specified.",
    400,
    { details: { HeaderName: name } },
  );
}

export function invalidHeaderValue(name: string, value: string): AzureError {
  return new AzureError(
    'InvalidHeaderValue',
    'The value for one of the HTTP headers is not in the correct format.',
    400,
    { details: { HeaderName: name, HeaderValue: value } },
  );
}

export function invalidQueryParameter(name: string, value: string, reason: string): AzureError {
  return new AzureError(
    'InvalidQueryParameterValue',
    'Value for one of the query parameters specified in the request URI is invalid.',
    400,
    { details: { QueryParameterName: name, QueryParameterValue: value, Reason: reason } },
  );
}

export function requestBodyTooLarge(maxBytes: number): AzureError {
  return new AzureError(
    'RequestBodyTooLarge',
    'The request body is too large and exceeds the maximum permissible limit.',
    413,
    { details: { MaxLimit: String(maxBytes) } },
  );
}

/**
 * On a hierarchical-namespace account a file and a directory never share a name, and a file has
 * no children: Blob writes that would break this answer as the DFS endpoint does.
 */
export function pathConflict(): AzureError {
  return new AzureError(
    'PathConflict',
    'The specified path, or an element of the path, exists and its resource type is invalid for this operation.',
    409,
  );
}

export function directoryNotEmpty(): AzureError {
  return new AzureError(
    'DirectoryIsNotEmpty',
    'This operation is not permitted on a non-empty directory.',
    409,
  );
}
