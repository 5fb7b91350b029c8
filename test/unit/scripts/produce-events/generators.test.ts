/**
 * Every generator against the platform definition: the records carry exactly the dataset's
 * columns with the right types, the key is the documented entity, and a seed reproduces the
 * same records (except the times).
 */
import {
  loadPlatform,
  schemaVersion,
  topicDataset,
  type SourceDataset,
} from '../../../../infra/platform';
import {
  createEventSource,
  resolveTopics,
  type OutgoingMessage,
} from '../../../../scripts/produce-events/event-source';
import { UNITS_PER_EURO, COUNTRIES } from '../../../../scripts/produce-events/geography';
import { recordShapeProblems } from '../../../../scripts/produce-events/record-shape';

const platform = loadPlatform('dev');
type Row = Record<string, string | number | boolean | null>;

function produce(
  topic: string,
  count: number,
  seed = 1,
  startMs = Date.UTC(2024, 4, 6, 20),
): OutgoingMessage[] {
  const source = createEventSource(resolveTopics(platform, [topic]), seed);
  return Array.from({ length: count }, (_, index) => source.next(new Date(startMs + index * 10)));
}
const rows = (messages: OutgoingMessage[]) =>
  messages.map((message) => JSON.parse(message.value) as Row);
const datasetOf = (topic: string): SourceDataset =>
  topicDataset(
    platform,
    platform.topics.find((t) => t.name === topic)!,
  );

const EXPECTED_KEY: Record<string, string> = {
  'access-events': 'user_id',
  'web-logs': 'client_ip',
  purchases: 'customer_id',
  interactions: 'session_id',
};

describe.each(platform.topics.map((topic) => topic.name))('the %s generator', (topic) => {
  const dataset = datasetOf(topic);
  const messages = produce(topic, 3000);
  const records = rows(messages);

  it('writes exactly the dataset’s columns, each of the column’s type', () => {
    const columnNames = dataset.columns.map((column) => column.name).sort();
    for (const record of records) {
      expect(Object.keys(record).sort()).toEqual(columnNames);
      expect(recordShapeProblems(dataset, record)).toEqual([]);
    }
  });

  it('gives every record a unique id', () => {
    const ids = records.map((record) => record[dataset.recordIdColumn]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stamps the event time from the clock, in UTC ISO 8601', () => {
    expect(records[0]![dataset.eventTimeColumn]).toBe('2024-05-06T20:00:00.000Z');
  });

  it('keys each message by the entity whose order matters, and labels it', () => {
    for (const [index, message] of messages.entries()) {
      expect(message.topic).toBe(topic);
      expect(message.key).toBe(records[index]![EXPECTED_KEY[topic]!]);
      expect(message.headers).toEqual({
        dataset: dataset.name,
        'schema-version': schemaVersion(dataset),
      });
    }
  });

  it('repeats the same records for the same seed, whatever the time', () => {
    const timeDependent = new Set([
      dataset.eventTimeColumn,
      ...(topic === 'web-logs' ? ['request_id'] : []),
    ]);
    const strip = (list: Row[]) =>
      list.map((record) =>
        Object.fromEntries(Object.entries(record).filter(([name]) => !timeDependent.has(name))),
      );
    const later = rows(produce(topic, 200, 1, Date.UTC(2025, 0, 1, 3)));
    expect(strip(later)).toEqual(strip(records.slice(0, 200)));
    expect(strip(rows(produce(topic, 200, 2)))).not.toEqual(strip(records.slice(0, 200)));
  });
});

describe('realism', () => {
  it('access events: users keep their city and at most two devices; popular titles dominate', () => {
    const records = rows(produce('access-events', 5000));
    const citiesByUser = new Map<string, Set<unknown>>();
    const devicesByUser = new Map<string, Set<unknown>>();
    for (const record of records) {
      const user = record.user_id as string;
      citiesByUser.set(
        user,
        (citiesByUser.get(user) ?? new Set()).add(`${record.country}/${record.city}`),
      );
      devicesByUser.set(user, (devicesByUser.get(user) ?? new Set()).add(record.device));
    }
    for (const cities of citiesByUser.values()) expect(cities.size).toBe(1);
    for (const devices of devicesByUser.values()) expect(devices.size).toBeLessThanOrEqual(2);

    const perTitle = new Map<unknown, number>();
    for (const record of records)
      perTitle.set(record.content_id, (perTitle.get(record.content_id) ?? 0) + 1);
    const counts = [...perTitle.values()].sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((sum, n) => sum + n, 0);
    expect(top / records.length).toBeGreaterThan(0.35);
  });

  it('access events: a session belongs to one user on one device', () => {
    const records = rows(produce('access-events', 3000));
    const owner = new Map<unknown, string>();
    for (const record of records) {
      const who = `${record.user_id}/${record.device}`;
      expect(owner.get(record.session_id) ?? who).toBe(who);
      owner.set(record.session_id, who);
    }
    expect(owner.size).toBeLessThan(records.length); // sessions hold several accesses
  });

  it('interactions: a session starts with a view, and carts follow a product view', () => {
    const records = rows(produce('interactions', 4000));
    const bySession = new Map<unknown, Row[]>();
    for (const record of records)
      bySession.set(record.session_id, [...(bySession.get(record.session_id) ?? []), record]);
    const types = new Set(records.map((record) => record.interaction_type));
    expect([...types]).toEqual(expect.arrayContaining(['view', 'search', 'add_to_cart']));
    for (const steps of bySession.values()) {
      expect(steps[0]!.interaction_type).toBe('view');
      expect(new Set(steps.map((step) => step.customer_id)).size).toBe(1);
      steps.forEach((step, index) => {
        if (step.interaction_type === 'add_to_cart') {
          expect(
            steps.slice(0, index).some((before) => before.product_id === step.product_id),
          ).toBe(true);
        }
      });
    }
    expect(records.some((record) => record.customer_id === null)).toBe(true); // anonymous visits
  });

  it('purchases: order lines share order, buyer and time; prices in the buyer’s currency', () => {
    const records = rows(produce('purchases', 2000));
    const currencyOf = new Map(COUNTRIES.map((country) => [country.code, country.currency]));
    const orders = new Map<unknown, Row[]>();
    for (const record of records) {
      expect(record.unit_price).toMatch(/^\d{1,10}\.\d{2}$/);
      expect(record.currency).toBe(currencyOf.get(record.country as string));
      expect(UNITS_PER_EURO[record.currency as string]).toBeDefined();
      expect(record.quantity).toBeGreaterThanOrEqual(1);
      orders.set(record.order_id, [...(orders.get(record.order_id) ?? []), record]);
    }
    for (const lines of orders.values()) {
      expect(
        new Set(
          lines.map((line) => `${line.customer_id}|${line.transaction_time}|${line.currency}`),
        ).size,
      ).toBe(1);
      expect(new Set(lines.map((line) => line.product_id)).size).toBe(lines.length);
    }
    expect([...orders.values()].some((lines) => lines.length > 1)).toBe(true);
  });

  it('web logs: mostly successful GETs, some cache hits and errors, addresses from documentation ranges', () => {
    const records = rows(produce('web-logs', 5000));
    const share = (test: (record: Row) => boolean) => records.filter(test).length / records.length;
    expect(share((record) => record.status === 200)).toBeGreaterThan(0.5);
    expect(share((record) => record.status === 304)).toBeGreaterThan(0.05);
    expect(share((record) => (record.status as number) >= 400)).toBeGreaterThan(0);
    expect(share((record) => record.method === 'GET')).toBeGreaterThan(0.8);
    for (const record of records) {
      expect(record.client_ip).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/);
      if (record.status === 304) expect(record.bytes_sent).toBe(0);
    }
  });
});

describe('mixing topics', () => {
  it('keeps one topic’s records the same when another topic joins the run', () => {
    const alone = produce('purchases', 50).map((message) => JSON.parse(message.value) as Row);
    const source = createEventSource(resolveTopics(platform, ['access-events', 'purchases']), 1);
    const mixed: Row[] = [];
    for (let tick = 0; mixed.length < 50; tick += 1) {
      const message = source.next(new Date(Date.UTC(2024, 4, 6, 20) + tick));
      if (message.topic === 'purchases') mixed.push(JSON.parse(message.value) as Row);
    }
    const withoutTime = (list: Row[]) => list.map(({ transaction_time: _time, ...rest }) => rest);
    expect(withoutTime(mixed)).toEqual(withoutTime(alone));
  });
});
