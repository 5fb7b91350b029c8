/**
 * The ELT's on-success record, for starting the recommendation export without running the ELT (a
 * test, or a manual re-export). The local Lambda runtime puts the real record on the default bus
 * when the ELT succeeds, as Lambda does in AWS; these build the same record for a given day:
 *
 *   await announceEltSuccess(events, cloud, deployment, day); // through the bus and the rule, as in AWS
 *   await functions.invoke(exportName, exportRecommendationsEvent(cloud, deployment, day)); // directly
 *
 * Both carry the record Lambda would send (version, request and response contexts, the ELT's
 * result with `status: 'ran'` and the day's report), so the export reads it exactly as deployed.
 */
import { randomUUID } from 'node:crypto';
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  LAMBDA_DESTINATION_SOURCE,
  LAMBDA_SUCCESS_DETAIL_TYPE,
} from '../../../infra/aws/facts/functions';
import { ELT_RAN_STATUS } from '../../../infra/aws/facts/warehouse';
import type { LocalDeployment } from '../deployment';
import {
  successEntry,
  successRecord,
  successResources,
  type SuccessRecordInput,
} from '../lambda-runtime/async-success';
import { defaultBusArn, type LocalIdentity } from './async-trigger';
import { LocalDeploymentError } from './queues';

/** The invocation record of an ELT run of `day` that succeeded (what becomes the event's detail). */
function eltSuccess(deployment: LocalDeployment, day: string, now: Date): SuccessRecordInput {
  return {
    requestId: randomUUID(),
    functionArn: deployment.warehouse.eltFunctionArn,
    invokeCount: 1,
    event: { day },
    // The ELT's result, reduced to what a run that loaded `day` reports before its file list.
    response: {
      status: ELT_RAN_STATUS,
      report: { day, fromDay: day, files: [], ran: [], skipped: [], rowsAffected: 0 },
      models: [],
    },
    now,
  };
}

/** The EventBridge event the export rule delivers to the export for the ELT run of `day`. */
export function exportRecommendationsEvent(
  identity: LocalIdentity,
  deployment: LocalDeployment,
  day: string,
  now: Date = new Date(),
): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': LAMBDA_SUCCESS_DETAIL_TYPE,
    source: LAMBDA_DESTINATION_SOURCE,
    account: identity.accountId,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: identity.region,
    resources: successResources(deployment.warehouse.eltFunctionArn, defaultBusArn(identity)),
    detail: successRecord(eltSuccess(deployment, day, now)),
  };
}

/**
 * Puts the ELT's on-success record for `day` on the local default bus, as Lambda does in AWS; the
 * export rule routes it to the export's inbox, and the local runtime invokes the export from there
 * with its retries and dead-letter queue. Returns the event's id.
 */
export async function announceEltSuccess(
  events: EventBridgeClient,
  identity: LocalIdentity,
  deployment: LocalDeployment,
  day: string,
): Promise<string> {
  const { Entries = [], FailedEntryCount = 0 } = await events.send(
    new PutEventsCommand({
      Entries: [successEntry(eltSuccess(deployment, day, new Date()), defaultBusArn(identity))],
    }),
  );
  const [entry] = Entries;
  if (FailedEntryCount > 0 || entry?.EventId === undefined)
    throw new LocalDeploymentError(
      `the default bus refused the ELT's success record: ${entry?.ErrorMessage ?? 'no reason given'}`,
    );
  return entry.EventId;
}
