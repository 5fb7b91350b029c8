import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { renderS3Error } from './errors';

export function createS3Service(_context: LocalCloudContext): ServiceHandler {
  return {
    signingName: 's3',
    family: 's3',
    renderError: renderS3Error,
    reset: () => undefined,
    handle: () => Promise.reject(new AwsError('NotImplemented', 'S3 is not implemented yet', 501)),
  };
}
