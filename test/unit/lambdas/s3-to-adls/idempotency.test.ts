import type { TargetState } from '../../../../lambdas/s3-to-adls/adls-target';
import type { RecordedSource } from '../../../../lambdas/s3-to-adls/metadata';
import { decideCreated, decideDeleted } from '../../../../lambdas/s3-to-adls/idempotency';

function target(recorded: RecordedSource): TargetState {
  return { exists: true, etag: '"0x1"', size: 1, recorded };
}

describe('decideCreated', () => {
  it('copies when nothing is there', () => {
    expect(decideCreated({ sequencer: '01' }, { exists: false })).toBe('copy');
  });

  it.each([
    ['02', '01', 'copy'],
    ['01', '01', 'duplicate'],
    ['01', '02', 'older'],
    ['FF', '0100', 'older'],
  ] as const)('event %s over recorded %s → %s', (event, recorded, expected) => {
    expect(decideCreated({ sequencer: event }, target({ sequencer: recorded }))).toBe(expected);
  });

  it('falls back to the version id, then the ETag, without sequencers', () => {
    expect(decideCreated({ versionId: 'v1' }, target({ versionId: 'v1' }))).toBe('duplicate');
    expect(decideCreated({ versionId: 'v2' }, target({ versionId: 'v1' }))).toBe('copy');
    expect(decideCreated({ etag: 'e' }, target({ etag: 'e' }))).toBe('duplicate');
    expect(decideCreated({ etag: 'f' }, target({ etag: 'e' }))).toBe('copy');
  });

  it('copies over a file the transfer did not write', () => {
    expect(decideCreated({ sequencer: '01' }, target({}))).toBe('copy');
  });
});

describe('decideDeleted', () => {
  it('deletes only a file holding an older change', () => {
    expect(decideDeleted({ sequencer: '05' }, target({ sequencer: '04' }))).toBe('delete');
    expect(decideDeleted({ sequencer: '05' }, target({ sequencer: '06' }))).toBe('newer-copy');
    expect(decideDeleted({ sequencer: '05' }, target({ sequencer: '05' }))).toBe('newer-copy');
  });

  it('leaves files alone when the order cannot be told', () => {
    expect(decideDeleted({ sequencer: '05' }, target({}))).toBe('unordered');
    expect(decideDeleted({}, target({ sequencer: '04' }))).toBe('unordered');
  });

  it('has nothing to do when the file is absent', () => {
    expect(decideDeleted({ sequencer: '05' }, { exists: false })).toBe('absent');
  });
});
