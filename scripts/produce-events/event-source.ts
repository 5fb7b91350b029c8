/**
 * Turns the chosen topics into one stream of Kafka messages. Topics, and the dataset each
 * carries, come from the platform definition; each message is the dataset's record as JSON,
 * keyed by the entity whose order matters, with headers that let a consumer route and validate it
 * without parsing the value.
 */
import {
  messageHeaders,
  topicDataset,
  topicMessage,
  type Platform,
  type SourceDataset,
  type Topic,
  type TopicMessage,
} from '../../infra/platform';
import { NoGeneratorError, UnknownTopicError } from './errors';
import { GENERATORS, type DatasetGenerator } from './generators';
import { Random, WeightedSampler } from './random';
import { assertRecordShape } from './record-shape';
import { buildWorld } from './world';

export type OutgoingMessage = TopicMessage;

export interface EventSource {
  /** The next message, its record stamped with `now`. */
  next(now: Date): OutgoingMessage;
}

export interface TopicTarget {
  readonly topic: Topic;
  readonly dataset: SourceDataset;
  readonly generator: DatasetGenerator;
}

/**
 * The platform's topics named in `names` (all of them when empty), each with its dataset and
 * generator. @throws UnknownTopicError listing the topics the platform defines.
 */
export function resolveTopics(platform: Platform, names: readonly string[]): TopicTarget[] {
  const wanted =
    names.length > 0 ? [...new Set(names)] : platform.topics.map((topic) => topic.name);
  return wanted.map((name) => {
    const topic = platform.topics.find((candidate) => candidate.name === name);
    if (!topic)
      throw new UnknownTopicError(
        name,
        platform.topics.map((known) => known.name),
      );
    const dataset = topicDataset(platform, topic);
    const generator = GENERATORS[dataset.name];
    if (!generator) {
      throw new NoGeneratorError(
        `topic "${name}" carries ${dataset.name}, which has no generator in scripts/produce-events/generators`,
      );
    }
    return { topic, dataset, generator };
  });
}

export function createEventSource(targets: readonly TopicTarget[], seed: number): EventSource {
  const root = new Random(seed);
  const world = buildWorld(root.fork('world'));
  const streams = targets.map((target) => ({
    target,
    generator: target.generator.create(world, root.fork(`dataset:${target.dataset.name}`)),
    headers: messageHeaders(target.dataset),
  }));
  const mix = new WeightedSampler(
    streams,
    streams.map((stream) => stream.target.generator.trafficShare),
  );
  const topicRandom = root.fork('topics');

  return {
    next(now: Date): OutgoingMessage {
      const stream = mix.draw(topicRandom);
      const { dataset, topic } = stream.target;
      const record = stream.generator.next(now);
      assertRecordShape(dataset, topic, record);
      return topicMessage(topic, stream.headers, record);
    },
  };
}
