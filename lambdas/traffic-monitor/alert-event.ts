/**
 * The bot-attack event: one per incident, put on the default bus, where the alert fabric's
 * BotAttackSuspected rule sends it to failure-alerts, which publishes it to the alert topic
 * (deduplicated by incident). It names the minute, the rate, the rule and the busiest clients.
 */
import { PutEventsCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { BOT_ATTACK_EVENT } from '../../infra/aws/facts/traffic';
import type { BotRule } from '../../infra/platform';
import type { BotAttackSuspected } from '../failure-alerts/event-schemas';
import { AlertNotPutError } from './errors';
import { minuteId, type MinuteSummary } from './minute-close';

/** The event's detail, as the alert fabric's schema reads it: the two cannot drift apart. */
export type BotAttackDetail = BotAttackSuspected['detail'];

export function botAttackDetail(
  summary: MinuteSummary,
  environment: string,
  topic: string,
  rule: BotRule,
): BotAttackDetail {
  return {
    environment,
    incidentId: minuteId(summary.incident?.start ?? summary.minute),
    minute: new Date(summary.minute).toISOString(),
    topic,
    requests: summary.requests,
    distinctClients: summary.distinctClients,
    reason: summary.reason ?? 'ceiling',
    trailingRate: Math.round(summary.trailingRate * 100) / 100,
    poissonZ: summary.poissonZ === null ? null : Math.round(summary.poissonZ * 100) / 100,
    rule,
    topClients: [...summary.topClients],
  };
}

/** Puts the event. @throws AlertNotPutError when EventBridge refuses it (the batch is retried). */
export async function putBotAttackEvent(
  client: EventBridgeClient,
  eventBusName: string,
  detail: BotAttackDetail,
): Promise<void> {
  const { FailedEntryCount, Entries } = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: BOT_ATTACK_EVENT.source,
          DetailType: BOT_ATTACK_EVENT.detailType,
          Detail: JSON.stringify(detail),
          EventBusName: eventBusName,
        },
      ],
    }),
  );
  if (FailedEntryCount) {
    const entry = Entries?.[0];
    throw new AlertNotPutError(
      `EventBridge refused the bot-attack event of incident ${detail.incidentId}: ` +
        `${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim(),
    );
  }
}
