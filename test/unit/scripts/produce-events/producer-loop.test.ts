import { loadPlatform } from '../../../../infra/platform';
import type { EventSource, OutgoingMessage } from '../../../../scripts/produce-events/event-source';
import { createEventSource, resolveTopics } from '../../../../scripts/produce-events/event-source';
import { offsetClock, runProducerLoop } from '../../../../scripts/produce-events/producer-loop';
import { TokenBucket } from '../../../../scripts/produce-events/rate-limiter';
import { FakeSink, ManualClock } from './helpers';

const platform = loadPlatform('dev');

function setup(rate = 100, topics = ['access-events', 'purchases']) {
  const clock = new ManualClock();
  const sink = new FakeSink();
  const limiter = new TokenBucket({ ratePerSecond: () => rate, now: () => clock.now() });
  const source = createEventSource(resolveTopics(platform, topics), 1);
  const delivered = new Map<string, number>();
  const stop = new AbortController();
  return { clock, sink, limiter, source, delivered, stop };
}

describe('runProducerLoop', () => {
  it('stops at --count and reports what the sink acknowledged, per topic', async () => {
    const { clock, sink, limiter, source, delivered, stop } = setup();
    const reason = await runProducerLoop({
      source,
      sink,
      limiter,
      clock,
      stop: stop.signal,
      delivered,
      maxRecords: 250,
    });
    expect(reason).toBe('count');
    expect(sink.messages).toHaveLength(250);
    const perTopic = new Map<string, number>();
    for (const message of sink.messages)
      perTopic.set(message.topic, (perTopic.get(message.topic) ?? 0) + 1);
    expect(delivered).toEqual(perTopic);
    expect([...delivered.keys()].sort()).toEqual(['access-events', 'purchases']);
  });

  it('keeps to the rate: after the first second, one record per 1/rate', async () => {
    const { clock, sink, limiter, source, delivered, stop } = setup(20);
    const start = clock.now();
    await runProducerLoop({
      source,
      sink,
      limiter,
      clock,
      stop: stop.signal,
      delivered,
      maxRecords: 20 + 40,
    });
    // 20 from the initial burst, then 40 more at 20/s take 2 s of (manual) time
    expect(clock.now() - start).toBe(2000);
  });

  it('stops at --duration with about rate × duration records', async () => {
    const { clock, sink, limiter, source, delivered, stop } = setup(10);
    const reason = await runProducerLoop({
      source,
      sink,
      limiter,
      clock,
      stop: stop.signal,
      delivered,
      durationMs: 30_000,
    });
    expect(reason).toBe('duration');
    expect(sink.messages.length).toBeGreaterThanOrEqual(10 + 299);
    expect(sink.messages.length).toBeLessThanOrEqual(10 + 300);
  });

  it('sends full batches and never holds a record longer than the linger time', async () => {
    const { clock, sink, limiter, source, delivered, stop } = setup(10, ['access-events']);
    const sentAt: number[] = [];
    const timed = {
      send: async (batch: readonly OutgoingMessage[]) => {
        sentAt.push(clock.now());
        await sink.send(batch);
      },
    };
    await runProducerLoop({
      source,
      sink: timed,
      limiter,
      clock,
      stop: stop.signal,
      delivered,
      maxRecords: 40,
      batchSize: 5,
      lingerMs: 250,
    });
    expect(sink.batches.every((batch) => batch.length <= 5)).toBe(true);
    sink.batches.forEach((batch, index) => {
      const oldest = Date.parse((JSON.parse(batch[0]!.value) as { event_time: string }).event_time);
      expect(sentAt[index]! - oldest).toBeLessThanOrEqual(250);
    });
    expect(sink.messages).toHaveLength(40);
  });

  it('on stop, stops generating and flushes what is buffered', async () => {
    const { clock, sink, limiter, delivered, stop } = setup(1000);
    let made = 0;
    const source: EventSource = {
      next: (now) => {
        made += 1;
        if (made === 7) stop.abort(); // the signal arrives mid-batch
        return {
          topic: 'access-events',
          key: 'k',
          value: JSON.stringify({ at: now.toISOString() }),
          headers: { dataset: 'access_events', 'schema-version': 'x' },
        };
      },
    };
    const reason = await runProducerLoop({
      source,
      sink,
      limiter,
      clock,
      stop: stop.signal,
      delivered,
      batchSize: 100,
    });
    expect(reason).toBe('signal');
    expect(made).toBe(7);
    expect(sink.messages).toHaveLength(7);
    expect(delivered.get('access-events')).toBe(7);
  });

  it('counts only acknowledged batches when the sink fails', async () => {
    const { clock, sink, limiter, source, delivered, stop } = setup(100);
    let sends = 0;
    const flaky = {
      send: async (batch: readonly OutgoingMessage[]) => {
        sends += 1;
        if (sends === 3) throw new Error('broker went away');
        await sink.send(batch);
      },
    };
    await expect(
      runProducerLoop({
        source,
        sink: flaky,
        limiter,
        clock,
        stop: stop.signal,
        delivered,
        maxRecords: 100,
        batchSize: 10,
      }),
    ).rejects.toThrow('broker went away');
    const total = [...delivered.values()].reduce((sum, count) => sum + count, 0);
    expect(total).toBe(20);
  });

  it('waits through the clock, not by spinning, when the bucket is empty', async () => {
    const { clock, sink, limiter, source, delivered, stop } = setup(2);
    await runProducerLoop({
      source,
      sink,
      limiter,
      clock,
      stop: stop.signal,
      delivered,
      maxRecords: 6,
      lingerMs: 10_000,
    });
    expect(clock.sleeps).toEqual([500, 500, 500, 500]);
  });
});

describe('offsetClock', () => {
  it('reads the clock later by the offset and sleeps on it', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 10, 15, 0));
    const ahead = offsetClock(clock, 45_000);

    expect(ahead.now()).toBe(Date.UTC(2026, 11, 7, 10, 15, 45));
    await ahead.sleep(1_000, new AbortController().signal);
    expect(clock.sleeps).toEqual([1_000]);
    expect(ahead.now()).toBe(Date.UTC(2026, 11, 7, 10, 15, 46));
    expect(offsetClock(clock, 0)).toBe(clock);
  });
});
