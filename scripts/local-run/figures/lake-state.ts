/**
 * Figures read back from the emulated services after the run: what the ADLS mirror holds, which
 * partitions the catalog has, and the reconcile of every mirrored zone (the same code as
 * `npm run reconcile`).
 */
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { TRANSFER_TEMP_PREFIX, type ZoneName } from '../../../infra/platform';
import type { LocalDeployment } from '../../local-platform/deployment';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { listAdlsFiles } from '../../reconcile/adls-listing';
import { hasDrift, reconcileListings } from '../../reconcile/reconcile';
import { listS3Objects } from '../../reconcile/s3-listing';
import { resolveTarget } from '../../reconcile/targets';
import { countCatalogPartitions } from '../../shared/catalog-partitions';
import type { PartitionFigures, ReconcileFigures } from '../report/figures';

export function localBlobService(cloud: LocalCloud): BlobServiceClient {
  return new BlobServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
  );
}

/** A file left under the transfer's temporary prefix, and what its metadata says it copies. */
export interface TemporaryFile {
  readonly fileSystem: string;
  readonly name: string;
  readonly bytes: number;
  readonly lastModified: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Files left under the transfer's temporary prefix, where it writes before renaming: anything
 * here once the run is idle would be a partial file. Listed whole, so a run that leaves one says
 * which copy it was.
 */
export async function temporaryFiles(
  blobService: BlobServiceClient,
  fileSystems: readonly ZoneName[],
): Promise<TemporaryFile[]> {
  const files: TemporaryFile[] = [];
  for (const fileSystem of fileSystems) {
    const scratch = blobService.getContainerClient(fileSystem).listBlobsFlat({
      prefix: `${TRANSFER_TEMP_PREFIX}/`,
      includeMetadata: true,
    });
    for await (const blob of scratch)
      if (blob.metadata?.hdi_isfolder !== 'true' && !blob.name.endsWith('/'))
        files.push({
          fileSystem,
          name: blob.name,
          bytes: blob.properties.contentLength ?? 0,
          lastModified: blob.properties.lastModified.toISOString(),
          metadata: blob.metadata ?? {},
        });
  }
  return files;
}

/** Partitions in the catalog of every table whose partitions are registered by events. */
export async function registeredPartitions(
  glue: GlueClient,
  deployment: Pick<LocalDeployment, 'catalogTables'>,
): Promise<PartitionFigures> {
  const byTable: { database: string; table: string; partitions: number }[] = [];
  for (const table of deployment.catalogTables.filter((each) => each.registeredByEvents)) {
    const partitions = await countCatalogPartitions(glue, table);
    byTable.push({ database: table.database, table: table.table, partitions });
  }
  return {
    registered: byTable.reduce((sum, table) => sum + table.partitions, 0),
    byTable,
  };
}

/** The reconcile of every mirrored zone, and what the mirror holds (read by the same listing). */
export async function reconcileMirror(
  s3: S3Client,
  blobService: BlobServiceClient,
  deployment: Pick<LocalDeployment, 'platform' | 'buckets' | 'fileSystems'>,
): Promise<{ figures: ReconcileFigures; mirrored: { files: number; bytes: number } }> {
  const zones: ReconcileFigures['zones'][number][] = [];
  const mirrored = { files: 0, bytes: 0 };
  let drift = false;
  for (const zone of deployment.fileSystems) {
    const target = await resolveTarget(deployment.platform, zone, '', {
      bucket: deployment.buckets[zone],
    });
    const summary = await reconcileListings(
      listS3Objects(s3, target.bucket, target.s3Prefixes),
      listAdlsFiles(blobService.getContainerClient(target.fileSystem), target.adlsPrefix),
      // Local buckets use no KMS, so a single-part ETag is the MD5 and contents are compared too.
      { s3EtagIsMd5: true },
    );
    drift ||= hasDrift(summary);
    mirrored.files += summary.adls.count;
    mirrored.bytes += summary.adls.bytes;
    zones.push({
      zone,
      s3Objects: summary.s3.count,
      adlsObjects: summary.adls.count,
      missing: summary.missing.count,
      extra: summary.extra.count,
      different: summary.mismatched.count,
    });
  }
  return { figures: { zones, drift }, mirrored };
}
