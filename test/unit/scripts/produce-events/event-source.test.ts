import { loadPlatform } from '../../../../infra/platform';
import { NoGeneratorError, UnknownTopicError } from '../../../../scripts/produce-events/errors';
import { createEventSource, resolveTopics } from '../../../../scripts/produce-events/event-source';

const platform = loadPlatform('dev');

describe('resolveTopics', () => {
  it('maps each topic to the dataset the definition says it carries', () => {
    const targets = resolveTopics(platform, ['purchases', 'access-events', 'purchases']);
    expect(targets.map((target) => [target.topic.name, target.dataset.name])).toEqual([
      ['purchases', 'transactions'],
      ['access-events', 'access_events'],
    ]);
  });

  it('takes every topic of the platform when none is named', () => {
    expect(resolveTopics(platform, []).map((target) => target.topic.name)).toEqual(
      platform.topics.map((topic) => topic.name),
    );
  });

  it('lists the known topics when one is unknown', () => {
    expect(() => resolveTopics(platform, ['access_events'])).toThrow(UnknownTopicError);
    expect(() => resolveTopics(platform, ['access_events'])).toThrow(
      'unknown topic "access_events"; the platform defines: access-events, web-logs, purchases, interactions',
    );
  });

  it('refuses a topic whose dataset has no generator', () => {
    const extended = {
      ...platform,
      datasets: [...platform.datasets, { ...platform.datasets[0]!, name: 'clicks' }],
      topics: [...platform.topics, { ...platform.topics[0]!, name: 'clicks', dataset: 'clicks' }],
    };
    expect(() => resolveTopics(extended, ['clicks'])).toThrow(NoGeneratorError);
  });
});

describe('createEventSource', () => {
  it('mixes topics by their traffic share: purchases are the rarest', () => {
    const source = createEventSource(resolveTopics(platform, []), 11);
    const counts = new Map<string, number>();
    for (let index = 0; index < 7000; index += 1) {
      const { topic } = source.next(new Date(Date.UTC(2024, 4, 6, 20)));
      counts.set(topic, (counts.get(topic) ?? 0) + 1);
    }
    expect(counts.get('purchases')).toBeLessThan(counts.get('interactions')!);
    expect(counts.get('interactions')).toBeLessThan(counts.get('access-events')!);
    expect(counts.get('purchases')).toBeGreaterThan(0);
  });
});
