/**
 * Server-side copy: Azure pulls the bytes from a presigned S3 URL into the temporary path.
 * One Put Blob From URL for objects up to the single-request limit; above it parallel Put Block
 * From URL with deterministic ids, then Put Block List. A redelivered record lists the
 * uncommitted blocks first and stages only those missing, so a large copy resumes instead of
 * starting over; a first delivery has nothing to resume and skips that request.
 */
import type { BlockBlobClient } from '@azure/storage-blob';
import type { AzureClients } from './adls-target';
import { mapFromUrlError } from './azure-errors';
import { planServerSideCopy } from './block-plan';
import { forEachConcurrently } from '../shared/concurrency';
import type { SourceObject } from './source';
import type { Tracing } from './tracing';

export interface ServerSideCopyInput {
  readonly clients: AzureClients;
  readonly fileSystem: string;
  readonly tempPath: string;
  readonly source: SourceObject;
  /** Presigned GET of the exact source version; never logged. */
  readonly sourceUrl: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly blockSizeBytes: number;
  readonly concurrency: number;
  /** Largest object copied with one Put Blob From URL. @default 5000 MiB */
  readonly singleRequestMaxBytes?: number;
  /** An earlier attempt may have staged blocks: look for them before staging. */
  readonly resume: boolean;
  readonly tracing: Tracing;
}

export interface ServerSideCopyResult {
  readonly method: 'put-blob-from-url' | 'blocks';
  readonly blocksStaged: number;
  readonly blocksReused: number;
}

export async function copyServerSide(input: ServerSideCopyInput): Promise<ServerSideCopyResult> {
  const { source } = input;
  const blob = input.clients.blobs
    .getContainerClient(input.fileSystem)
    .getBlockBlobClient(input.tempPath);
  const headers = {
    ...(source.contentType !== undefined && { blobContentType: source.contentType }),
    ...(source.md5 && { blobContentMD5: source.md5 }),
  };
  const plan = planServerSideCopy(source, input.blockSizeBytes, input.singleRequestMaxBytes);

  if (plan.method === 'put-blob-from-url') {
    await input.tracing.span('ADLS PutBlobFromURL', async () => {
      try {
        await blob.syncUploadFromURL(input.sourceUrl, {
          metadata: { ...input.metadata },
          blobHTTPHeaders: headers,
          // Azure sends If-Match to S3: an overwritten unversioned key fails instead of copying.
          sourceConditions: { ifMatch: `"${source.etag}"` },
          // Azure checks the bytes it read against the MD5 S3 vouches for.
          ...(source.md5 && { sourceContentMD5: source.md5 }),
        });
      } catch (error) {
        throw mapFromUrlError(error, source.key);
      }
    });
    return { method: plan.method, blocksStaged: 0, blocksReused: 0 };
  }

  const staged = input.resume ? await uncommittedBlocks(blob, input.tracing) : new Map();
  const missing = plan.blocks.filter((block) => staged.get(block.id) !== block.count);
  await forEachConcurrently(missing, input.concurrency, (block) =>
    input.tracing.span('ADLS PutBlockFromURL', async () => {
      try {
        await blob.stageBlockFromURL(block.id, input.sourceUrl, block.offset, block.count);
      } catch (error) {
        throw mapFromUrlError(error, source.key);
      }
    }),
  );
  await input.tracing.span('ADLS PutBlockList', () =>
    blob.commitBlockList(
      plan.blocks.map((block) => block.id),
      { metadata: { ...input.metadata }, blobHTTPHeaders: headers },
    ),
  );
  return {
    method: plan.method,
    blocksStaged: missing.length,
    blocksReused: plan.blocks.length - missing.length,
  };
}

/** Id → size of the blocks an earlier attempt staged; none when the blob does not exist yet. */
async function uncommittedBlocks(
  blob: BlockBlobClient,
  tracing: Tracing,
): Promise<Map<string, number>> {
  try {
    const list = await tracing.span('ADLS GetBlockList', () => blob.getBlockList('uncommitted'));
    return new Map((list.uncommittedBlocks ?? []).map((block) => [block.name, block.size]));
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return new Map();
    throw error;
  }
}
