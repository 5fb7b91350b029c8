/** Tables in memory: schema, items by primary key, and TTL settings. */
import { randomUUID } from 'node:crypto';
import { compareScalars } from './attribute-values';
import { tableNotFound, validationError } from './errors';
import { compareNumbers, parseNumber } from './numbers';
import type { AttributeValue, Item } from './item';

export type ScalarType = 'S' | 'N' | 'B';

export interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  readonly AttributeName: string;
  readonly AttributeType: ScalarType;
}

export interface TimeToLiveState {
  readonly attributeName: string;
  readonly enabled: boolean;
  /** Epoch ms of the last UpdateTimeToLive: DynamoDB refuses another within an hour. */
  readonly changedAtMs: number;
}

export interface TableState {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly createdAtMs: number;
  readonly keySchema: readonly KeySchemaElement[];
  readonly attributeDefinitions: readonly AttributeDefinition[];
  readonly billingMode: 'PROVISIONED' | 'PAY_PER_REQUEST';
  readonly readCapacityUnits: number;
  readonly writeCapacityUnits: number;
  timeToLive?: TimeToLiveState;
  /** Items by {@link keyId}. */
  readonly items: Map<string, Item>;
}

export type TableSnapshot = Omit<TableState, 'items'> & { items: Item[] };

export class TableStore {
  private readonly tables = new Map<string, TableState>();
  /**
   * Items again, grouped by hash key value: a Query reads one partition, as DynamoDB's does,
   * instead of sorting the whole table.
   */
  private readonly partitions = new WeakMap<TableState, Map<string, Map<string, Item>>>();

  constructor(private readonly now: () => Date) {}

  /** Accepts a table name or a table ARN, as DynamoDB does. */
  get(nameOrArn: unknown, itemOperation = false): TableState {
    const name = tableNameOf(nameOrArn);
    const table = this.tables.get(name);
    if (!table) throw tableNotFound(itemOperation ? undefined : name);
    return table;
  }

  has(name: string): boolean {
    return this.tables.has(name);
  }

  add(table: Omit<TableState, 'items' | 'id'>): TableState {
    const created: TableState = { ...table, id: randomUUID(), items: new Map() };
    this.tables.set(table.name, created);
    return created;
  }

  delete(name: string): void {
    this.tables.delete(name);
  }

  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  clear(): void {
    this.tables.clear();
  }

  /** The item under a key, unless TTL has expired it (see README: expired means gone). */
  read(table: TableState, key: Item): Item | undefined {
    const id = keyId(table, key);
    const item = table.items.get(id);
    if (item && this.isExpired(table, item)) {
      this.remove(table, key);
      return undefined;
    }
    return item;
  }

  write(table: TableState, item: Item): void {
    const id = keyId(table, item);
    table.items.set(id, item);
    const hash = hashId(table, item);
    const partitions = this.partitionsOf(table);
    let partition = partitions.get(hash);
    if (!partition) {
      partition = new Map();
      partitions.set(hash, partition);
    }
    partition.set(id, item);
  }

  remove(table: TableState, key: Item): void {
    const id = keyId(table, key);
    table.items.delete(id);
    const partitions = this.partitionsOf(table);
    const hash = hashId(table, key);
    const partition = partitions.get(hash);
    partition?.delete(id);
    if (partition?.size === 0) partitions.delete(hash);
  }

  /** Live items of one partition (a hash key value) in range-key order, for Query. */
  liveItemsWithHashKey(table: TableState, hashValue: AttributeValue): Item[] {
    const hashName = table.keySchema[0]!.AttributeName;
    const partition = this.partitionsOf(table).get(hashId(table, { [hashName]: hashValue }));
    const live = [...(partition?.values() ?? [])].filter((item) => !this.isExpired(table, item));
    return live.sort((a, b) => compareByKey(table, a, b));
  }

  private partitionsOf(table: TableState): Map<string, Map<string, Item>> {
    let partitions = this.partitions.get(table);
    if (!partitions) {
      partitions = new Map();
      for (const [id, item] of table.items) {
        const hash = hashId(table, item);
        const partition = partitions.get(hash) ?? new Map<string, Item>();
        partition.set(id, item);
        partitions.set(hash, partition);
      }
      this.partitions.set(table, partitions);
    }
    return partitions;
  }

  /** Live items in primary-key order (hash key, then range key), for Scan and Query. */
  liveItems(table: TableState): Item[] {
    const live = [...table.items.values()].filter((item) => !this.isExpired(table, item));
    return live.sort((a, b) => compareByKey(table, a, b));
  }

  isExpired(table: TableState, item: Item): boolean {
    const ttl = table.timeToLive;
    if (!ttl?.enabled) return false;
    const value = item[ttl.attributeName];
    if (!value || !('N' in value)) return false;
    const nowSeconds = parseNumber((this.now().getTime() / 1000).toString());
    return compareNumbers(parseNumber(value.N), nowSeconds) < 0;
  }

  snapshot(): TableSnapshot[] {
    return [...this.tables.values()].map((table) => ({
      ...table,
      items: [...table.items.values()],
    }));
  }

  restore(tables: readonly TableSnapshot[]): void {
    this.tables.clear();
    for (const { items, ...table } of tables) {
      const restored: TableState = { ...table, items: new Map() };
      for (const item of items) this.write(restored, item);
      this.tables.set(table.name, restored);
    }
  }
}

export function tableNameOf(nameOrArn: unknown): string {
  if (typeof nameOrArn !== 'string') {
    throw validationError(
      "The parameter 'TableName' is required but was not present in the request",
    );
  }
  const arnMatch = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/(.+)$/.exec(nameOrArn);
  return arnMatch ? arnMatch[1]! : nameOrArn;
}

/** A stable identity for a primary key: type-tagged so {S:"1"} and {N:"1"} differ. */
export function keyId(table: TableState, item: Item): string {
  return JSON.stringify(
    table.keySchema.map((element) => {
      const value = item[element.AttributeName] as Record<string, string> | undefined;
      return value ? Object.entries(value)[0] : null;
    }),
  );
}

/** The identity of an item's hash key value (type-tagged, as `keyId`). */
function hashId(table: TableState, item: Item): string {
  const value = item[table.keySchema[0]!.AttributeName] as Record<string, string> | undefined;
  return JSON.stringify(value ? Object.entries(value)[0] : null);
}

/** Orders items by hash key, then range key. */
export function compareByKey(table: TableState, a: Item, b: Item): number {
  for (const { AttributeName: name } of table.keySchema) {
    const order = compareKeyValues(a[name], b[name]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareKeyValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (!a || !b) return 0;
  return compareScalars(a, b) ?? 0;
}
