/**
 * rclone remotes for a running localcloud, defined in the environment (`RCLONE_CONFIG_<NAME>_…`)
 * so that no configuration file holds them: `localcloudaws:` (S3, provider Other, localcloud's
 * endpoint and test keys) and `localcloudazure:` (Azure Blob). Shared by the client tests
 * (test/fixtures/cli-tools.ts) and the transfer benchmark's rclone peer.
 */
import { AccountSASPermissions, BlobServiceClient } from '@azure/storage-blob';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export const RCLONE_S3 = 'localcloudaws';
export const RCLONE_AZURE = 'localcloudazure';

/** How long the Azure remote's SAS is valid: longer than any test file or benchmark runs. */
const SAS_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The part of a localcloud the remotes point at. */
export type RcloneTarget = Pick<LocalCloud, 'endpoint' | 'region' | 'clientConfig'> & {
  readonly azure: Pick<LocalCloud['azure'], 'connectionString'>;
};

/** The variables that define both remotes. The SAS it carries is a secret: never print it. */
export function rcloneRemoteEnvironment(cloud: RcloneTarget): Record<string, string> {
  const { accessKeyId, secretAccessKey } = cloud.clientConfig.credentials;
  const azure = BlobServiceClient.fromConnectionString(cloud.azure.connectionString);
  const remote = (name: string) => `RCLONE_CONFIG_${name.toUpperCase()}`;
  return {
    [`${remote(RCLONE_S3)}_TYPE`]: 's3',
    [`${remote(RCLONE_S3)}_PROVIDER`]: 'Other',
    [`${remote(RCLONE_S3)}_ENDPOINT`]: cloud.endpoint,
    [`${remote(RCLONE_S3)}_REGION`]: cloud.region,
    [`${remote(RCLONE_S3)}_ACCESS_KEY_ID`]: accessKeyId,
    [`${remote(RCLONE_S3)}_SECRET_ACCESS_KEY`]: secretAccessKey,
    [`${remote(RCLONE_AZURE)}_TYPE`]: 'azureblob',
    // rclone 1.60 sends a shared key only to https://<account>.<endpoint> or to the emulator's
    // fixed port 10000, so it reaches localcloud's free port through an account SAS the account
    // key signs (docs/decisions.md).
    [`${remote(RCLONE_AZURE)}_SAS_URL`]: azure.generateAccountSasUrl(
      new Date(Date.now() + SAS_LIFETIME_MS),
      AccountSASPermissions.parse('rwdlacup'),
      'sco',
    ),
  };
}
