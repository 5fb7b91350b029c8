/**
 * Streaming access events: a subscriber opens a session on one of their devices in their home
 * city and plays titles; popular titles come up far more often, and how long an access lasts
 * depends on what is watched (a song, an episode, a film).
 */
import type { Random } from '../random';
import type { ContentType, Subscriber, World } from '../world';
import { SessionPool } from './sessions';
import type { DatasetGenerator, GeneratedRecord } from './types';

interface Viewing {
  readonly subscriber: Subscriber;
  readonly device: string;
}

/** Median seconds and spread of one access, by content type. */
const DURATION: Record<ContentType, { median: number; sigma: number; max: number }> = {
  movie: { median: 3600, sigma: 0.5, max: 3.5 * 3600 },
  series: { median: 1800, sigma: 0.5, max: 3 * 3600 },
  documentary: { median: 2400, sigma: 0.5, max: 3 * 3600 },
  live: { median: 1500, sigma: 0.9, max: 6 * 3600 },
  music: { median: 200, sigma: 0.4, max: 1200 },
};

function durationSeconds(type: ContentType, random: Random): number {
  const { median, sigma, max } = DURATION[type];
  // Some accesses are abandoned within seconds: a wrong click, a trailer skipped.
  if (random.chance(0.08)) return random.int(1, 30);
  return Math.min(max, Math.max(1, Math.round(random.logNormal(median, sigma))));
}

export const accessEvents: DatasetGenerator = {
  trafficShare: 5,
  create: (world: World, random: Random) => {
    const sessions = new SessionPool<Viewing>(random, {
      maxOpen: 200,
      openChance: 0.3,
      open: () => {
        const subscriber = world.subscribers.draw(random);
        const [primary, ...others] = subscriber.devices;
        const device = others.length > 0 && random.chance(0.2) ? random.pick(others) : primary;
        return { state: { subscriber, device }, events: random.geometric(0.3) };
      },
    });
    return {
      next(now: Date): GeneratedRecord {
        const { session } = sessions.draw();
        const { subscriber, device } = session.state;
        const title = world.titles.draw(random);
        return {
          event_id: random.uuid(),
          user_id: subscriber.id,
          event_time: now.toISOString(),
          device,
          content_id: title.id,
          content_type: title.type,
          country: subscriber.country.code,
          city: subscriber.city,
          session_id: session.id,
          duration_seconds: durationSeconds(title.type, random),
        };
      },
    };
  },
};
