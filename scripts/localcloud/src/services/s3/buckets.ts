import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import { asArray, parseXml } from '../../core/xml';
import { S3_NAMESPACE, xmlResponse, type S3Call } from './s3-call';

/** S3's general-purpose bucket naming rules. */
export function validateBucketName(name: string): void {
  const valid =
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3');
  if (!valid) {
    throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.', 400, {
      fields: { BucketName: name },
    });
  }
}

export function createBucket(call: S3Call): AwsResponse {
  validateBucketName(call.bucketName);
  const configuration = parseXml(call.request.body)?.CreateBucketConfiguration as
    { LocationConstraint?: string } | undefined;
  const constraint = configuration?.LocationConstraint || undefined;
  const { region } = call.context;
  if (
    constraint !== undefined &&
    constraint !== region &&
    !(region === 'us-east-1' && constraint === 'us-east-1')
  ) {
    throw new AwsError(
      'IllegalLocationConstraintException',
      `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  if (constraint === undefined && region !== 'us-east-1') {
    throw new AwsError(
      'IllegalLocationConstraintException',
      'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
      400,
    );
  }
  if (call.store.buckets.has(call.bucketName)) {
    // us-east-1 answers a repeated create by the owner with success, every other region with 409.
    if (region === 'us-east-1')
      return { status: 200, headers: { location: `/${call.bucketName}` } };
    throw new AwsError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      {
        fields: { BucketName: call.bucketName },
      },
    );
  }
  call.store.buckets.set(call.bucketName, {
    name: call.bucketName,
    createdAt: call.context.now(),
    eventBridgeEnabled: false,
    objects: new Map(),
  });
  return { status: 200, headers: { location: `/${call.bucketName}` } };
}

export function headBucket(call: S3Call): AwsResponse {
  call.store.bucket(call.bucketName);
  return { status: 200, headers: { 'x-amz-bucket-region': call.context.region } };
}

export function deleteBucket(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  const hasUploads = [...call.store.uploads.values()].some(
    (upload) => upload.bucket === bucket.name,
  );
  if (bucket.objects.size > 0 || hasUploads) {
    throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, {
      fields: { BucketName: bucket.name },
    });
  }
  call.store.buckets.delete(bucket.name);
  return { status: 204 };
}

export function listBuckets(call: S3Call): AwsResponse {
  const buckets = [...call.store.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  return xmlResponse('ListAllMyBucketsResult', {
    Owner: { ID: call.context.accountId, DisplayName: 'localcloud' },
    Buckets: {
      Bucket: buckets.map((bucket) => ({
        Name: bucket.name,
        CreationDate: bucket.createdAt,
        BucketRegion: call.context.region,
      })),
    },
  });
}

export function getBucketLocation(call: S3Call): AwsResponse {
  call.store.bucket(call.bucketName);
  const region = call.context.region;
  // S3 reports us-east-1 as an empty LocationConstraint.
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="${S3_NAMESPACE}">${region === 'us-east-1' ? '' : region}</LocationConstraint>`;
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

export function putBucketVersioning(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  const status = (
    parseXml(call.request.body)?.VersioningConfiguration as { Status?: string } | undefined
  )?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  bucket.versioning = status;
  return { status: 200 };
}

export function getBucketVersioning(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  return xmlResponse('VersioningConfiguration', { Status: bucket.versioning });
}

/** Only the EventBridge destination is emulated: queues, topics and functions are routed by rules. */
export function putBucketNotificationConfiguration(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  const document = parseXml(call.request.body);
  if (document === undefined || !('NotificationConfiguration' in document)) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  // An empty <NotificationConfiguration/> (notifications off) parses as an empty string.
  const configuration = document.NotificationConfiguration;
  const content = (
    typeof configuration === 'object' && configuration !== null ? configuration : {}
  ) as Record<string, unknown>;
  const unsupported = [
    'QueueConfiguration',
    'TopicConfiguration',
    'CloudFunctionConfiguration',
  ].filter((name) => asArray(content[name]).length > 0);
  if (unsupported.length > 0) {
    throw new AwsError(
      'InvalidArgument',
      `localcloud routes S3 events through EventBridge only; ${unsupported.join(', ')} is not emulated`,
      400,
    );
  }
  bucket.eventBridgeEnabled = 'EventBridgeConfiguration' in content;
  return { status: 200 };
}

export function getBucketNotificationConfiguration(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  return xmlResponse(
    'NotificationConfiguration',
    bucket.eventBridgeEnabled ? { EventBridgeConfiguration: {} } : {},
  );
}
