import type { AwsError } from '../../core/aws-error';
import type { AwsRequest, AwsResponse } from '../../core/request';
import { toXml } from '../../core/xml';

/** S3's REST error document: `<Error><Code/><Message/>…fields…<RequestId/></Error>`. */
export function renderS3Error(error: AwsError, request: AwsRequest): AwsResponse {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.options.fields ?? {}))
    fields[name] = String(value);
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    toXml('Error', {
      Code: error.code,
      Message: error.message,
      ...fields,
      RequestId: request.requestId,
      HostId: request.requestId,
    });
  return {
    status: error.status,
    headers: { 'content-type': 'application/xml', ...error.options.headers },
    body,
  };
}
