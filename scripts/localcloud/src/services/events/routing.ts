/**
 * Delivery of an event to the targets of every enabled rule on its bus whose pattern matches.
 * A target that cannot be reached (queue deleted, path selecting nothing) is recorded in
 * `failedDeliveries`, never dropped silently.
 */
import { AwsError } from '../../core/aws-error';
import type { EventBridgeEvent } from '../../core/context';
import type { EventRule, EventStore, EventTarget } from './event-store';
import { selectPath } from './input-path';
import { matchesPattern } from './pattern/match-pattern';
import { parseEventPattern } from './pattern/validate-pattern';

/** Returns how many targets received the event. */
export function routeEvent(store: EventStore, event: EventBridgeEvent, busName: string): number {
  const bus = store.findBus(busName);
  if (!bus) {
    recordFailure(
      store,
      event,
      { ruleArn: '', targetId: '', targetArn: store.busArn(busName) },
      `Event bus ${busName} does not exist.`,
    );
    return 0;
  }
  let delivered = 0;
  for (const rule of Object.values(bus.rules)) {
    if (!isEnabled(rule) || rule.eventPattern === undefined) continue;
    if (!matchesPattern(parseEventPattern(rule.eventPattern), event)) continue;
    for (const target of rule.targets) {
      if (deliver(store, rule, target, event)) delivered += 1;
    }
  }
  return delivered;
}

function isEnabled(rule: EventRule): boolean {
  return rule.state !== 'DISABLED';
}

function deliver(
  store: EventStore,
  rule: EventRule,
  target: EventTarget,
  event: EventBridgeEvent,
): boolean {
  const where = { ruleArn: store.ruleArn(rule), targetId: target.Id, targetArn: target.Arn };
  const body = targetInput(target, event);
  if (body === undefined) {
    recordFailure(
      store,
      event,
      where,
      `InputPath ${target.InputPath ?? ''} selects nothing in the event.`,
    );
    return false;
  }
  const bus = store.context.bus;
  if (!bus.sendToQueue) {
    recordFailure(store, event, where, 'No SQS service is running to deliver to.');
    return false;
  }
  try {
    bus.sendToQueue(target.Arn, body);
    return true;
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    recordFailure(store, event, where, error.message);
    return false;
  }
}

/** What the target receives: its constant Input, the InputPath selection, or the whole event. */
function targetInput(target: EventTarget, event: EventBridgeEvent): string | undefined {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath === undefined) return JSON.stringify(event);
  const selected = selectPath(event, target.InputPath);
  return selected === undefined ? undefined : JSON.stringify(selected);
}

function recordFailure(
  store: EventStore,
  event: EventBridgeEvent,
  where: { ruleArn: string; targetId: string; targetArn: string },
  reason: string,
): void {
  store.failedDeliveries.push({
    ...where,
    eventId: event.id,
    reason,
    at: store.context.now().toISOString(),
  });
}
