/**
 * The ADLS side of a transfer: what the final path holds now (for idempotency), the temporary
 * path a copy is staged in, and the conditional atomic rename that publishes it.
 */
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

/** `_transfer-tmp/<final path>.<version or ETag>`: unique per source version, invisible to readers. */
export function tempPathFor(
  finalPath: string,
  source: { readonly versionId?: string; readonly etag: string },
): string {
  const tag = (source.versionId ?? source.etag).replace(/[^A-Za-z0-9_-]/g, '_');
  return `${TRANSFER_TEMP_PREFIX}/${finalPath}.${tag}`;
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
      await move();
    }
  } catch (error) {
    const code = azureErrorCode(error);
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
