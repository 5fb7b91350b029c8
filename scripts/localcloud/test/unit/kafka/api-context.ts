import type { ApiContext } from '../../../src/kafka/api';
import { GroupCoordinator } from '../../../src/kafka/group-coordinator';
import { TopicLog } from '../../../src/kafka/topic-log';

/** What an API handler is given on one connection, with `topics` created (name → partitions). */
export function apiContext(topics: Readonly<Record<string, number>>): ApiContext {
  const log = new TopicLog();
  for (const [name, partitions] of Object.entries(topics)) log.createTopic(name, { partitions });
  return {
    log,
    groups: new GroupCoordinator(),
    broker: { nodeId: 0, host: '127.0.0.1', port: 9092, clusterId: 'test' },
    sasl: { mechanisms: ['OAUTHBEARER'], verify: () => ({ refused: 'not in these tests' }) },
    connection: { clientId: null },
    now: Date.now,
    stopped: () => false,
    connectionClosed: new AbortController().signal,
    newProducerId: () => 1000n,
  };
}
