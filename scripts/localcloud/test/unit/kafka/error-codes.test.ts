import { errorCodes } from 'kafkajs/src/protocol/error';
import { KAFKA_ERRORS, kafkaErrorCode } from '../../../src/kafka/protocol/error-codes';

describe('the Kafka error table', () => {
  it("agrees with kafkajs's on every code, but for the names Kafka has since changed", () => {
    const renamed = new Map([
      ['UNKNOWN', 'UNKNOWN_SERVER_ERROR'],
      ['NOT_LEADER_FOR_PARTITION', 'NOT_LEADER_OR_FOLLOWER'],
      ['GROUP_LOAD_IN_PROGRESS', 'COORDINATOR_LOAD_IN_PROGRESS'],
      ['GROUP_COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_NOT_AVAILABLE'],
      ['NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR'],
    ]);
    expect(errorCodes.length).toBeGreaterThan(80);
    for (const { type, code } of errorCodes)
      expect([type, kafkaErrorCode(renamed.get(type) ?? type)]).toEqual([type, code]);
  });

  it('gives each code one name', () => {
    const codes = Object.values(KAFKA_ERRORS);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('knows only the names Kafka defines, not those of the objects they live in', () => {
    expect(kafkaErrorCode('NOT_ENOUGH_REPLICAS_AFTER_APPEND')).toBe(20);
    expect(kafkaErrorCode('not_enough_replicas')).toBeUndefined();
    expect(kafkaErrorCode('toString')).toBeUndefined();
    expect(kafkaErrorCode('__proto__')).toBeUndefined();
  });
});
