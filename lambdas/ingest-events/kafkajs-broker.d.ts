/**
 * The one kafkajs internal the ingestion function reaches into (producer-identity.ts): the class
 * every Produce request passes through, `Broker#produce` of kafkajs 2.2.4 (pinned exactly in
 * package.json). kafkajs publishes no types for it.
 */
declare module 'kafkajs/src/broker' {
  import type { Message } from 'kafkajs';

  interface ProducePartition {
    readonly partition: number;
    firstSequence?: number;
    readonly messages: readonly Message[];
  }

  interface ProduceTopic {
    readonly topic: string;
    readonly partitions: readonly ProducePartition[];
  }

  interface ProduceRequest {
    /** A string once InitProducerId gave one (kafkajs reads the INT64 as a decimal string). */
    producerId?: string | number;
    producerEpoch?: number;
    readonly topicData: readonly ProduceTopic[];
    readonly [option: string]: unknown;
  }

  class Broker {
    produce(request: ProduceRequest): Promise<unknown>;
  }

  export = Broker;
}
