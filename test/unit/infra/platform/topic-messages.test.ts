import {
  loadPlatform,
  messageHeaders,
  schemaVersion,
  sourceDatasets,
  topicDataset,
  topicMessage,
} from '../../../../infra/platform';

const platform = loadPlatform('dev');

describe('schemaVersion', () => {
  it('changes when a column changes, and only then', () => {
    const dataset = sourceDatasets(platform)[0]!;
    expect(schemaVersion(dataset)).toMatch(/^[0-9a-f]{16}$/);
    expect(schemaVersion({ ...dataset, description: 'other words' })).toBe(schemaVersion(dataset));
    const retyped = dataset.columns.map((column, index) =>
      index === 0 ? { ...column, type: 'bigint' } : column,
    );
    expect(schemaVersion({ ...dataset, columns: retyped })).not.toBe(schemaVersion(dataset));
  });
});

describe('topicMessage', () => {
  it("keys the record by the topic's key column and carries it as JSON with the dataset's headers", () => {
    const topic = platform.topics.find((candidate) => candidate.name === 'interactions')!;
    const dataset = topicDataset(platform, topic);
    const record = { interaction_id: 'i-1', session_id: 's-9', customer_id: null };
    expect(topicMessage(topic, messageHeaders(dataset), record)).toEqual({
      topic: 'interactions',
      key: 's-9',
      value: JSON.stringify(record),
      headers: { dataset: 'interactions', 'schema-version': schemaVersion(dataset) },
    });
  });
});
