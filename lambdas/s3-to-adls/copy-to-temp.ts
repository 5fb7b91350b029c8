/**
 * Puts a verified copy of the source into the temporary path, by the configured mode, falling
 * back to streaming when Azure cannot reach the presigned URL. On a redelivery, a complete,
 * verified copy left by an earlier attempt (say, one whose rename failed) is reused as is, and
 * a block copy resumes; a first delivery skips both lookups (see docs/decisions.md, "Requests
 * per object").
 */
import { readTarget, type AzureClients, type TargetState } from './adls-target';
import { MIB } from './block-plan';
import { SourceUnreachableError, VerificationError } from './errors';
import { copyServerSide } from './server-side-copy';
import { openSourceRange, redactUrl, type PresignSource, type SourceObject } from './source';
import { summarizeError } from './redaction';
import { copyStreaming } from './streaming-copy';
import type { TransferDependencies } from './transfer-dependencies';

export type CopyMode = 'server-side' | 'streaming' | 'reused';

export interface TempCopy {
  readonly mode: CopyMode;
  /** ETag of the verified temporary file: the rename's source condition. */
  readonly etag: string;
  readonly blocksStaged?: number;
  readonly blocksReused?: number;
}

export interface TempCopyInput {
  readonly clients: AzureClients;
  readonly fileSystem: string;
  readonly tempPath: string;
  readonly source: SourceObject;
  readonly metadata: Readonly<Record<string, string>>;
  readonly presign: PresignSource;
  /** This record was delivered before: an earlier attempt may have left work to reuse. */
  readonly resume: boolean;
}

export async function copyToTemp(
  input: TempCopyInput,
  deps: TransferDependencies,
): Promise<TempCopy> {
  const { clients, fileSystem, tempPath, source } = input;
  if (input.resume) {
    const existing = await deps.tracing.span('ADLS GetProperties (temp)', () =>
      readTarget(clients, fileSystem, tempPath),
    );
    if (isCompleteCopy(existing, source)) return { mode: 'reused', etag: existing.etag };
  }

  const blockSizeBytes = deps.config.blockSizeMiB * MIB;
  const common = {
    clients,
    fileSystem,
    tempPath,
    source,
    metadata: input.metadata,
    blockSizeBytes,
    concurrency: deps.config.concurrency,
    tracing: deps.tracing,
  };
  let mode: CopyMode = deps.config.copyMode;
  let blocks: { blocksStaged: number; blocksReused: number } | undefined;
  if (mode === 'server-side') {
    const sourceUrl = await input.presign(source, deps.config.presignExpirySeconds);
    try {
      const result = await copyServerSide({
        ...common,
        sourceUrl,
        ...(deps.singleRequestMaxBytes !== undefined && {
          singleRequestMaxBytes: deps.singleRequestMaxBytes,
        }),
        resume: input.resume,
      });
      blocks = { blocksStaged: result.blocksStaged, blocksReused: result.blocksReused };
    } catch (error) {
      if (!(error instanceof SourceUnreachableError)) throw error;
      deps.logger.warn('Azure cannot reach the source URL; streaming through the function', {
        key: source.key,
        sourceUrl: redactUrl(sourceUrl),
        error: summarizeError(error),
      });
      mode = 'streaming';
    }
  }
  if (mode === 'streaming') {
    // Verified before its flush (byte count, MD5 where known); the flush's ETag names it.
    const streamed = await copyStreaming({
      ...common,
      blockSizeBytes: deps.config.streamingBlockSizeMiB * MIB,
      concurrency: deps.config.streamingConcurrency,
      openRange: (range) => openSourceRange(deps.s3, source, range),
    });
    return { mode, etag: streamed.etag };
  }

  // Azure pulled the bytes: read back what it committed before trusting it.
  const written = await deps.tracing.span('ADLS GetProperties (verify)', () =>
    readTarget(clients, fileSystem, tempPath),
  );
  assertMatchesSource(written, source, tempPath);
  return { mode, etag: written.etag, ...blocks };
}

function md5Matches(target: TargetState & { exists: true }, source: SourceObject): boolean {
  if (!source.md5 || !target.contentMd5) return true;
  return Buffer.from(target.contentMd5).equals(source.md5);
}

function isCompleteCopy(
  target: TargetState,
  source: SourceObject,
): target is TargetState & { exists: true } {
  return (
    target.exists &&
    target.size === source.size &&
    target.recorded.etag === source.etag &&
    target.recorded.versionId === source.versionId &&
    md5Matches(target, source)
  );
}

/** @throws VerificationError (retryable) when the staged copy is not the source. */
function assertMatchesSource(
  target: TargetState,
  source: SourceObject,
  tempPath: string,
): asserts target is TargetState & { exists: true } {
  if (!target.exists) throw new VerificationError(`${tempPath} is missing after the copy`);
  if (target.size !== source.size)
    throw new VerificationError(`${tempPath} has ${target.size} bytes, the source ${source.size}`);
  if (!md5Matches(target, source))
    throw new VerificationError(`${tempPath} has another MD5 than the source`);
}
