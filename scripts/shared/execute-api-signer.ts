/**
 * The AWS SDK's SigV4 signer for `execute-api`, as a Node.js client of an IAM-authorised API
 * Gateway signs: the local marketplace, `npm run bench:api` and the API tests all sign with it.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256';

export interface ExecuteApiCredentials {
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export function executeApiSigner(credentials: ExecuteApiCredentials): SignatureV4 {
  return new SignatureV4({
    service: 'execute-api',
    region: credentials.region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
    },
    sha256: NodeSha256,
  });
}
