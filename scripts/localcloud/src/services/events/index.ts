/**
 * Amazon EventBridge over AWS JSON 1.1: buses, rules with content-filtering patterns, SQS
 * targets and PutEvents. Also provides the bus's `putEvent`, so S3 object events are routed here.
 */
import type { EventBridgeEvent, LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';
import { busOperations } from './bus-operations';
import { DEFAULT_BUS, EventStore, type FailedDelivery } from './event-store';
import { putEventsOperation } from './put-events';
import { routeEvent } from './routing';
import { ruleOperations } from './rule-operations';
import { targetOperations } from './target-operations';

export type { FailedDelivery } from './event-store';

export interface EventsService extends ServiceHandler {
  snapshot(): unknown;
  restore(state: unknown): void;
  /** Routes an event as if a service had emitted it; returns how many targets received it. */
  putEvent(event: EventBridgeEvent, busName?: string): number;
  /** Deliveries that could not be made, oldest first. */
  failedDeliveries(): readonly FailedDelivery[];
}

export function createEventsService(context: LocalCloudContext): EventsService {
  const store = new EventStore(context);
  const putEvent = (event: EventBridgeEvent, busName: string = DEFAULT_BUS) =>
    routeEvent(store, event, busName);
  context.bus.putEvent = (event, busName) => {
    putEvent(event, busName);
  };

  const handler = createJsonService({
    signingName: 'events',
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    operations: {
      ...ruleOperations(store),
      ...targetOperations(store),
      ...busOperations(store),
      PutEvents: putEventsOperation(store),
    },
    context,
    reset: () => store.reset(),
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
  });

  return {
    ...handler,
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
    putEvent,
    failedDeliveries: () => [...store.failedDeliveries],
  };
}
