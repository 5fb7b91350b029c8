/** Event buses, their rules and targets, and the deliveries that could not be made. */
import type { LocalCloudContext } from '../../core/context';
import { busNotFound, ruleNotFound, validationError } from './errors';

export const DEFAULT_BUS = 'default';

export interface EventTarget {
  readonly Id: string;
  readonly Arn: string;
  readonly Input?: string;
  readonly InputPath?: string;
}

export interface EventRule {
  readonly name: string;
  readonly busName: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly state: string;
  readonly description?: string;
  targets: EventTarget[];
}

export interface EventBus {
  readonly name: string;
  readonly createdAt: number;
  rules: Record<string, EventRule>;
}

/** A target that could not be reached; kept so a lost event is visible, never silent. */
export interface FailedDelivery {
  readonly ruleArn: string;
  readonly targetId: string;
  readonly targetArn: string;
  readonly eventId: string;
  readonly reason: string;
  readonly at: string;
}

interface EventsSnapshot {
  readonly buses: EventBus[];
  readonly failedDeliveries: FailedDelivery[];
}

export class EventStore {
  private buses = new Map<string, EventBus>();
  failedDeliveries: FailedDelivery[] = [];

  constructor(readonly context: LocalCloudContext) {
    this.reset();
  }

  busArn(name: string): string {
    return `arn:aws:events:${this.context.region}:${this.context.accountId}:event-bus/${name}`;
  }

  ruleArn(rule: Pick<EventRule, 'name' | 'busName'>): string {
    const path = rule.busName === DEFAULT_BUS ? rule.name : `${rule.busName}/${rule.name}`;
    return `arn:aws:events:${this.context.region}:${this.context.accountId}:rule/${path}`;
  }

  /** A bus named directly or by ARN (every EventBusName member accepts both). */
  findBus(nameOrArn: string | undefined): EventBus | undefined {
    const name = nameOrArn ?? DEFAULT_BUS;
    const prefix = this.busArn('');
    return this.buses.get(name.startsWith(prefix) ? name.slice(prefix.length) : name);
  }

  bus(nameOrArn: string | undefined): EventBus {
    const bus = this.findBus(nameOrArn);
    if (!bus) throw busNotFound(nameOrArn ?? DEFAULT_BUS);
    return bus;
  }

  rule(name: string, busNameOrArn: string | undefined): EventRule {
    const bus = this.bus(busNameOrArn);
    const rule = bus.rules[name];
    if (!rule) throw ruleNotFound(name, bus.name);
    return rule;
  }

  allBuses(): EventBus[] {
    return [...this.buses.values()].sort((a, b) => compare(a.name, b.name));
  }

  addBus(name: string): EventBus {
    const bus: EventBus = { name, createdAt: this.context.now().getTime(), rules: {} };
    this.buses.set(name, bus);
    return bus;
  }

  deleteBus(name: string): void {
    this.buses.delete(name);
  }

  reset(): void {
    this.buses.clear();
    this.failedDeliveries = [];
    this.addBus(DEFAULT_BUS);
  }

  snapshot(): EventsSnapshot {
    return structuredClone({
      buses: [...this.buses.values()],
      failedDeliveries: this.failedDeliveries,
    });
  }

  restore(state: unknown): void {
    const snapshot = structuredClone(state as EventsSnapshot);
    this.buses.clear();
    for (const bus of snapshot.buses) this.buses.set(bus.name, bus);
    this.failedDeliveries = snapshot.failedDeliveries;
  }
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pages a sorted list; the token is the offset of the next page. */
export function paginate<T>(
  items: readonly T[],
  limit: number | undefined,
  token: unknown,
): {
  page: T[];
  nextToken?: string;
} {
  const start =
    typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString('utf8')) : 0;
  if (!Number.isInteger(start) || start < 0) throw validationError('The NextToken is not valid.');
  const end = limit === undefined ? items.length : start + limit;
  const page = items.slice(start, end);
  return end < items.length
    ? { page, nextToken: Buffer.from(String(end), 'utf8').toString('base64') }
    : { page };
}
