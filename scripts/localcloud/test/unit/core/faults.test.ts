import { AwsError } from '../../../src/core/aws-error';
import {
  ConnectionDropped,
  FaultInjector,
  InvalidFaultError,
  type FaultCall,
} from '../../../src/core/faults';

const produce = (when: 'before' | 'after', topics: readonly string[] = []): FaultCall => ({
  service: 'kafka',
  operation: 'Produce',
  when,
  topics: () => topics,
});

describe('FaultInjector', () => {
  it('affects one matching call by default, then as many as `times` says', () => {
    const faults = new FaultInjector();
    faults.inject({ service: 's3', operation: 'PutObject' });
    faults.inject({ service: 'sqs', operation: 'SendMessage', times: 2 });

    expect(faults.take({ service: 's3', operation: 'PutObject', when: 'before' })).toBeDefined();
    expect(faults.take({ service: 's3', operation: 'PutObject', when: 'before' })).toBeUndefined();
    const send = { service: 'sqs', operation: 'SendMessage', when: 'before' } as const;
    expect([faults.take(send), faults.take(send), faults.take(send)].map(Boolean)).toEqual([
      true,
      true,
      false,
    ]);
    expect(faults.triggered).toEqual([
      { service: 's3', operation: 'PutObject' },
      { service: 'sqs', operation: 'SendMessage' },
      { service: 'sqs', operation: 'SendMessage' },
    ]);
  });

  it('keeps an `after` fault for a call that took effect, and says so in what it records', () => {
    const faults = new FaultInjector();
    faults.inject({ service: 'kafka', operation: 'Produce', when: 'after', dropConnection: true });

    expect(faults.take(produce('before'))).toBeUndefined();
    expect(faults.take(produce('after'))).toMatchObject({ dropConnection: true });
    expect(faults.triggered).toEqual([{ service: 'kafka', operation: 'Produce', when: 'after' }]);
  });

  it('aims a fault at one topic, reading the topics of a call only when that could match', () => {
    const faults = new FaultInjector();
    const unread = jest.fn(() => ['access-events']);
    expect(faults.take({ ...produce('before'), topics: unread })).toBeUndefined();
    faults.inject({ service: 'kafka', operation: 'Fetch', topic: 'web-logs' });
    expect(faults.take({ ...produce('before'), topics: unread })).toBeUndefined();
    expect(unread).not.toHaveBeenCalled();

    faults.inject({ service: 'kafka', operation: 'Produce', topic: 'web-logs' });
    expect(faults.take(produce('before', ['access-events']))).toBeUndefined();
    expect(faults.take(produce('before', ['access-events', 'web-logs']))).toBeDefined();
    expect(faults.triggered).toEqual([
      { service: 'kafka', operation: 'Produce', topic: 'web-logs' },
    ]);
  });

  it('applies an HTTP fault before or after the call, as an AWS error or a dropped connection', async () => {
    const faults = new FaultInjector();
    faults.inject({
      service: 's3',
      operation: 'PutObject',
      error: { code: 'SlowDown', status: 503 },
    });
    faults.inject({ service: 's3', operation: 'PutObject', when: 'after', dropConnection: true });

    await expect(faults.apply('s3', 'PutObject', 'before')).rejects.toEqual(
      new AwsError('SlowDown', 'Injected SlowDown', 503),
    );
    await expect(faults.apply('s3', 'PutObject')).resolves.toBeUndefined();
    await expect(faults.apply('s3', 'PutObject', 'after')).rejects.toBeInstanceOf(
      ConnectionDropped,
    );
    await expect(faults.apply('s3', undefined, 'after')).resolves.toBeUndefined();
  });

  it('refuses a spec it cannot apply, and leaves service rules to judge their own', () => {
    const rule = jest.fn((spec: { operation: string }) => {
      if (spec.operation !== 'Produce') throw new InvalidFaultError('no such API');
    });
    const faults = new FaultInjector({ kafka: rule });

    expect(() => faults.inject({ service: 's3', operation: 'PutObject', topic: 't' })).toThrow(
      /topic filters Kafka requests only/,
    );
    expect(() =>
      faults.inject({ service: 's3', operation: 'PutObject', when: 'later' as 'after' }),
    ).toThrow(InvalidFaultError);
    expect(() => faults.inject({ service: 'kafka', operation: 'produce' })).toThrow('no such API');
    faults.inject({ service: 'kafka', operation: 'Produce' });
    expect(rule).toHaveBeenCalledTimes(2);
    // A service without rules takes any spec, as before.
    faults.inject({ service: 'glue', operation: 'GetTable' });
    expect(faults.take({ service: 'glue', operation: 'GetTable', when: 'before' })).toBeDefined();
  });

  it('forgets faults and what they struck on clear()', () => {
    const faults = new FaultInjector();
    faults.inject({ service: 's3', operation: 'PutObject', times: 3 });
    faults.take({ service: 's3', operation: 'PutObject', when: 'before' });
    faults.clear();
    expect(faults.triggered).toEqual([]);
    expect(faults.take({ service: 's3', operation: 'PutObject', when: 'before' })).toBeUndefined();
  });
});
