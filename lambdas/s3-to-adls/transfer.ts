/**
 * The transfer core: one S3 object event in, the ADLS mirror of its key brought up to date (or a
 * counted no-op) out. Every step that can be repeated is idempotent, so SQS redelivery is the
 * retry: route → validate path → bring the key to S3's current state (`mirror-key.ts`: read the
 * target, HEAD the source, copy into a temporary path, verify, conditional atomic rename; or a
 * conditional delete when deletes are mirrored).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { TRANSFER_LAG_METRIC } from '../../infra/aws/facts/replication';
import type { S3ObjectEvent } from './event';
import { resolveEventKeys } from './event-key';
import { assertValidHnsPath, hnsPathViolation } from './hns-path';
import { mirrorKey } from './mirror-key';
import { deletesMirrored, routeObject, type Route } from './routing';
import type { TransferDependencies } from './transfer-dependencies';
import type { Delivery, TransferOutcome } from './transfer-outcome';

const FIRST_DELIVERY: Delivery = { attempt: 1 };

export async function transferObject(
  received: S3ObjectEvent,
  deps: TransferDependencies,
  delivery: Delivery = FIRST_DELIVERY,
): Promise<TransferOutcome> {
  const started = deps.now().getTime();
  const events = await resolveEventKeys(received, deps);
  // A reading of a delete whose path ADLS could never hold has no mirror to converge, whichever
  // reading it is: the decoded one too (a key sent as is, `a%2E` read as `a.`), or its refusal
  // would keep the other reading's mirror of a deleted object. With no mirrorable reading, the
  // likeliest one is handled, so that its refusal is reported.
  const routed = events.map((event) => ({
    event,
    route: routeObject(deps.platform, deps.lake, event.bucket, event.key),
  }));
  const mirrorable = routed.filter(
    ({ route }) => route.action === 'skip' || hnsPathViolation(route.path) === undefined,
  );
  const outcomes: TransferOutcome[] = [];
  for (const { event, route } of mirrorable.length > 0 ? mirrorable : [routed[0]!])
    outcomes.push(await transferKey(event, route, deps, delivery));
  // A delete read several ways reports the reading whose mirror it removed, if any.
  const outcome = outcomes.find(({ outcome }) => outcome === 'deleted') ?? outcomes[0]!;

  deps.metrics.addMetric('DurationMs', MetricUnit.Milliseconds, deps.now().getTime() - started);
  deps.metrics.addMetric(
    TRANSFER_LAG_METRIC,
    MetricUnit.Seconds,
    Math.max(0, (deps.now().getTime() - received.time.getTime()) / 1000),
  );
  return outcome;
}

/** One key of the event brought to S3's current state. */
async function transferKey(
  event: S3ObjectEvent,
  route: Route,
  deps: TransferDependencies,
  delivery: Delivery,
): Promise<TransferOutcome> {
  const context = { bucket: event.bucket, key: event.key, kind: event.kind };
  if (route.action === 'skip') {
    deps.logger.info('Object is not mirrored; skipped', { ...context, reason: route.reason });
    deps.metrics.addMetric('Skipped', MetricUnit.Count, 1);
    return { outcome: 'skipped', reason: route.reason };
  }
  assertValidHnsPath(route.path);
  const mirrorDeletes = deletesMirrored(route, deps.config.mirrorDeletes);
  if (event.kind === 'deleted' && !mirrorDeletes) {
    deps.metrics.addMetric('Skipped', MetricUnit.Count, 1);
    return { outcome: 'skipped', reason: 'deletes-not-mirrored' };
  }

  const outcome = await mirrorKey(event, { ...route, mirrorDeletes }, deps, delivery);
  deps.logger.info('Object event handled', { ...context, ...outcome });
  return outcome;
}
