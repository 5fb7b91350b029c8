/**
 * Optional delete mirroring (off by default: the mirror retains data). A delete removes the
 * final path only when the file there records an older change of the key than the delete,
 * and only while it is still that file (If-Match on its ETag).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { deleteIfUnchanged, readTarget } from './adls-target';
import type { S3ObjectEvent } from './event';
import { decideDeleted } from './idempotency';
import type { TransferOutcome } from './transfer';
import type { TransferDependencies } from './transfer-dependencies';

export async function mirrorDelete(
  event: S3ObjectEvent,
  route: { readonly fileSystem: string; readonly path: string },
  deps: TransferDependencies,
): Promise<TransferOutcome> {
  if (!deps.config.mirrorDeletes) {
    deps.metrics.addMetric('Skipped', MetricUnit.Count, 1);
    return { outcome: 'skipped', reason: 'deletes-not-mirrored' };
  }
  const clients = await deps.azure();
  const target = await deps.tracing.span('ADLS GetProperties (final)', () =>
    readTarget(clients, route.fileSystem, route.path),
  );
  const decision = decideDeleted(event, target);
  if (decision !== 'delete' || !target.exists) {
    deps.metrics.addMetric('Duplicates', MetricUnit.Count, 1);
    return { outcome: 'delete-ignored', reason: decision === 'delete' ? 'absent' : decision };
  }
  await deps.tracing.span('ADLS DeletePath', () =>
    deleteIfUnchanged(clients, route.fileSystem, route.path, target.etag),
  );
  return { outcome: 'deleted' };
}
