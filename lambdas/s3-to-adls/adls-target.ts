/**
 * The ADLS side of a transfer: what the final path holds now (for idempotency), the temporary
 * path a copy is staged in, and the conditional atomic rename that publishes it.
 */
import { createHash } from 'node:crypto';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { DataLakeServiceClient } from '@azure/storage-file-datalake';
import { TRANSFER_TEMP_PREFIX } from '../../infra/platform';
import { azureErrorCode, azureStatus } from './azure-errors';
import { ConcurrentWriterError, InvalidTargetPathError } from './errors';
import { recordedSource, type RecordedSource } from './metadata';

/** Both views of the one HNS account: Blob for copies from URL, DFS for append and rename. */
export interface AzureClients {
  readonly blobs: BlobServiceClient;
  readonly dataLake: DataLakeServiceClient;
}

export type TargetState =
  | { readonly exists: false }
  | {
      readonly exists: true;
      /** Quoted, as Azure sends it; used verbatim in If-Match. */
      readonly etag: string;
      readonly size: number;
      readonly recorded: RecordedSource;
      readonly contentMd5?: Uint8Array;
    };

/** Properties of a file; `exists: false` on 404. @throws when the path is a directory. */
export async function readTarget(
  clients: AzureClients,
  fileSystem: string,
  path: string,
): Promise<TargetState> {
  try {
    const properties = await clients.blobs
      .getContainerClient(fileSystem)
      .getBlobClient(path)
      .getProperties();
    if (properties.metadata?.hdi_isfolder === 'true')
      throw new InvalidTargetPathError(path, 'a directory already exists at this path');
    return {
      exists: true,
      etag: properties.etag ?? '',
      size: properties.contentLength ?? 0,
      recorded: recordedSource(properties.metadata),
      ...(properties.contentMD5 && { contentMd5: properties.contentMD5 }),
    };
  } catch (error) {
    if (azureStatus(error) === 404) return { exists: false };
    throw error;
  }
}

/**
 * `_transfer-tmp/<64 hex>`: SHA-256 of the final path and the source version (or ETag), so it is
 * unique per source version, invisible to readers, and 78 characters whatever the key: every
 * path valid as a final path can be staged. The separator cannot occur in a valid path.
 */
export function tempPathFor(
  finalPath: string,
  source: { readonly versionId?: string; readonly etag: string },
): string {
  const digest = createHash('sha256')
    .update(`${finalPath}\u0000${source.versionId ?? source.etag}`)
    .digest('hex');
  return `${TRANSFER_TEMP_PREFIX}/${digest}`;
}

/**
 * Removes a staged copy that will not be published, only while it is the one this attempt
 * wrote (If-Match on its ETag): another attempt of the same version may be using the path.
 * Best effort: what is left is removed by the lifecycle policy.
 * @returns the error when the delete failed for another reason than the file being gone or changed
 */
export async function discardTemp(
  clients: AzureClients,
  fileSystem: string,
  tempPath: string,
  etag: string,
): Promise<unknown> {
  try {
    await clients.dataLake
      .getFileSystemClient(fileSystem)
      .getFileClient(tempPath)
      .delete(false, { conditions: { ifMatch: etag } });
    return undefined;
  } catch (error) {
    const status = azureStatus(error);
    return status === 404 || status === 412 ? undefined : error;
  }
}

/**
 * Removes what an earlier delivery of the event may have staged for its own version and left for
 * a redelivery to publish, once the redelivery decides to publish nothing (the key was deleted or
 * overwritten in between). Unconditional: no attempt will publish that version any more, and an
 * attempt still copying it that loses the file decides again. Best effort, like `discardTemp`.
 * @returns the error when the delete failed for another reason than the file being gone
 */
export async function discardEarlierStaging(
  clients: AzureClients,
  fileSystem: string,
  tempPath: string,
): Promise<unknown> {
  try {
    await clients.dataLake.getFileSystemClient(fileSystem).getFileClient(tempPath).delete(false);
    return undefined;
  } catch (error) {
    return azureStatus(error) === 404 ? undefined : error;
  }
}

/** Each segment percent-encoded: `move()` puts the destination into a URL path as given. */
function urlPath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

const CONFLICT_CODES = new Set([
  'PathAlreadyExists',
  'ConditionNotMet',
  'SourceConditionNotMet',
  'SourcePathNotFound',
]);

/**
 * Atomically renames the staged file onto the final path, only if the staged file is the one we
 * verified (its ETag) and the final path is still what the idempotency check saw: absent
 * (If-None-Match: *) or the same ETag (If-Match).
 * @throws ConcurrentWriterError when either condition fails.
 * @throws InvalidTargetPathError when a file stands where a parent directory of the path must be.
 */
export async function renameIntoPlace(
  clients: AzureClients,
  fileSystem: string,
  tempPath: string,
  tempEtag: string,
  finalPath: string,
  seen: TargetState,
): Promise<void> {
  const fs = clients.dataLake.getFileSystemClient(fileSystem);
  const temp = fs.getFileClient(tempPath);
  const move = () =>
    temp.move(urlPath(finalPath), {
      conditions: { ifMatch: tempEtag },
      destinationConditions: seen.exists ? { ifMatch: seen.etag } : { ifNoneMatch: '*' },
    });
  try {
    try {
      await move();
    } catch (error) {
      // HNS renames need the destination's parent; a new partition has none yet. Creating a
      // directory is idempotent, and trying the rename first saves the call for known ones.
      const parent = finalPath.slice(0, finalPath.lastIndexOf('/'));
      if (azureErrorCode(error) !== 'RenameDestinationParentPathNotFound' || !parent) throw error;
      await fs.getDirectoryClient(parent).createIfNotExists();
      try {
        await move();
      } catch (again) {
        // createIfNotExists leaves a file at the parent's path in place, and the parent stays missing.
        if (
          azureErrorCode(again) === 'RenameDestinationParentPathNotFound' &&
          (await isFile(clients, fileSystem, parent))
        )
          throw new InvalidTargetPathError(finalPath, `the parent "${parent}" is a file`, {
            cause: again,
          });
        throw again;
      }
    }
  } catch (error) {
    const code = azureErrorCode(error);
    if (code === 'PathConflict') {
      // A file where a directory of the path must be: no retry can make room for it.
      throw new InvalidTargetPathError(
        finalPath,
        'a file exists where a parent directory must be',
        {
          cause: error,
        },
      );
    }
    if (code !== undefined && CONFLICT_CODES.has(code)) {
      throw new ConcurrentWriterError(
        `Rename onto ${fileSystem}/${finalPath} lost a race (${code})`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

async function isFile(clients: AzureClients, fileSystem: string, path: string): Promise<boolean> {
  try {
    return (await readTarget(clients, fileSystem, path)).exists;
  } catch (error) {
    if (error instanceof InvalidTargetPathError) return false; // a directory
    throw error;
  }
}

/** Deletes the final path only while it still has the ETag that was checked. */
export async function deleteIfUnchanged(
  clients: AzureClients,
  fileSystem: string,
  path: string,
  etag: string,
): Promise<void> {
  try {
    await clients.dataLake
      .getFileSystemClient(fileSystem)
      .getFileClient(path)
      .delete(false, { conditions: { ifMatch: etag } });
  } catch (error) {
    const code = azureErrorCode(error);
    if (code === 'ConditionNotMet')
      throw new ConcurrentWriterError(`${fileSystem}/${path} changed before its delete`, {
        cause: error,
      });
    if (azureStatus(error) === 404) return;
    throw error;
  }
}
