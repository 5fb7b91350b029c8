import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import { asArray, parseXml, type XmlObject } from '../../core/xml';
import { deleteOne } from './objects';
import { xmlResponse, type S3Call } from './s3-call';

/** POST /?delete: up to 1000 keys, per-key results, `Quiet` reports errors only. */
export function deleteObjects(call: S3Call): AwsResponse {
  call.store.bucket(call.bucketName);
  const document = parseXml(call.request.body)?.Delete as
    { Object?: unknown; Quiet?: string } | undefined;
  const objects = asArray(
    document?.Object as
      { Key?: string; VersionId?: string } | { Key?: string; VersionId?: string }[] | undefined,
  );
  if (
    !document ||
    objects.length === 0 ||
    objects.some((object) => typeof object.Key !== 'string')
  ) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  if (objects.length > 1000) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  const quiet = document.Quiet === 'true';
  const deleted: XmlObject[] = [];
  for (const object of objects) {
    const result = deleteOne(call, object.Key!, object.VersionId, 'DeleteObjects');
    if (quiet) continue;
    deleted.push({
      Key: object.Key,
      ...(object.VersionId !== undefined && { VersionId: object.VersionId }),
      ...(result.deleteMarker && { DeleteMarker: true }),
      ...(object.VersionId === undefined &&
        result.versionId !== undefined && { DeleteMarkerVersionId: result.versionId }),
    });
  }
  return xmlResponse('DeleteResult', { Deleted: deleted });
}
