/**
 * `npm run produce -- --burst`: one bot-like minute on the requests topic, now, the way the
 * generated day plants one: a single scraper client walking the catalog API, well above the bot
 * rule's ceiling. All of it falls in one minute, so that minute alone is over the ceiling and the
 * traffic monitor flags it (and alerts once) when the minute closes, whatever the trailing
 * history.
 */
import { monitoredTopics } from '../../infra/aws/facts/traffic';
import { messageHeaders, topicMessage, type Platform } from '../../infra/platform';
import { BOT_CLIENT_IP, burstRequestsPerMinute, scraperRequest } from '../generate-data/bot-burst';
import { MINUTE_MS } from '../generate-data/day-times';
import { resolveTopics, type OutgoingMessage } from './event-source';
import { webLogRecord } from './generators/web-logs';
import type { Random } from './random';
import { assertRecordShape } from './record-shape';

/** The burst is stamped over this long: a scraper's second, not one instant. */
export const BURST_SPREAD_MS = 1_000;
/**
 * A burst needs this much of its minute left, or it waits for the next minute: sending (a few
 * batches) then never spills into the next minute and halves the count of each.
 */
export const BURST_MINUTE_MARGIN_MS = 10_000;

/** How long to wait at `now` before the burst starts, so it fits in one minute. */
export function waitBeforeBurst(now: number): number {
  const left = MINUTE_MS - (now % MINUTE_MS);
  return left >= BURST_MINUTE_MARGIN_MS + BURST_SPREAD_MS ? 0 : left;
}

export interface BotBurstPlan {
  readonly topic: string;
  readonly clientIp: string;
  readonly messages: readonly OutgoingMessage[];
}

/** The burst's messages, stamped from `start` over `BURST_SPREAD_MS`, keyed as the topic's records are. */
export function botBurstMessages(platform: Platform, start: number, random: Random): BotBurstPlan {
  const { requests } = monitoredTopics(platform);
  const [target] = resolveTopics(platform, [requests.name]);
  const { dataset, topic } = target!;
  const headers = messageHeaders(dataset);
  const count = burstRequestsPerMinute(platform.trafficMonitor.botRule.maxRequestsPerMinute);
  const messages = Array.from({ length: count }, (_, index) => {
    const request = scraperRequest(index + 1, random);
    const record = webLogRecord(
      request,
      new Date(start + Math.floor((index * BURST_SPREAD_MS) / count)),
    );
    assertRecordShape(dataset, topic, record);
    return topicMessage(topic, headers, record);
  });
  return { topic: requests.name, clientIp: BOT_CLIENT_IP, messages };
}
