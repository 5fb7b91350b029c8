import type { TargetState } from '../../../../lambdas/s3-to-adls/adls-target';
import type { RecordedSource } from '../../../../lambdas/s3-to-adls/metadata';
import {
  decideByLastVersion,
  decideDeletedKey,
  decidePresentKey,
  decideRetained,
} from '../../../../lambdas/s3-to-adls/idempotency';

function target(recorded: RecordedSource): TargetState {
  return { exists: true, etag: '"0x1"', size: 1, recorded };
}

const ABSENT: TargetState = { exists: false };

describe('decidePresentKey: S3 holds an object for the key', () => {
  const created = (versionId: string, sequencer = '01') =>
    ({ kind: 'created', versionId, sequencer, etag: `etag-${versionId}` }) as const;
  const current = (versionId: string) => ({ versionId, etag: `etag-${versionId}` });

  it('copies the event object when it is current and the mirror does not hold it', () => {
    expect(decidePresentKey(created('v1'), ABSENT, current('v1'))).toBe('copy');
    expect(decidePresentKey(created('v2'), target({ versionId: 'v1' }), current('v2'))).toBe(
      'copy',
    );
  });

  it('is a duplicate when the mirror already holds the event object', () => {
    expect(decidePresentKey(created('v1'), target({ versionId: 'v1' }), current('v1'))).toBe(
      'duplicate',
    );
  });

  it('drops an event whose object is no longer current', () => {
    expect(decidePresentKey(created('v1'), target({ versionId: 'v2' }), current('v2'))).toBe(
      'older',
    );
    expect(decidePresentKey(created('v1'), ABSENT, current('v2'))).toBe('superseded');
  });

  it('copies a genuine current version over a forged, higher recorded sequencer', () => {
    const forged = target({ versionId: 'v1', sequencer: 'F'.repeat(32) });

    expect(decidePresentKey(created('v2', '0062A1B2C3D4E5F601'), forged, current('v2'))).toBe(
      'copy',
    );
  });

  it('copies a new version whose sequencer equals the recorded one (a sequencer that does not increase)', () => {
    const constant = '0055AED6DCD90281E5';

    expect(
      decidePresentKey(
        created('v2', constant),
        target({ versionId: 'v1', sequencer: constant }),
        current('v2'),
      ),
    ).toBe('copy');
  });

  it('tells unversioned objects apart by ETag', () => {
    const unversioned = { kind: 'created', etag: 'e2' } as const;

    expect(decidePresentKey(unversioned, target({ etag: 'e1' }), { etag: 'e2' })).toBe('copy');
    expect(decidePresentKey(unversioned, target({ etag: 'e2' }), { etag: 'e2' })).toBe('duplicate');
    expect(decidePresentKey(unversioned, target({ etag: 'e1' }), { etag: 'e1' })).toBe('older');
    expect(decidePresentKey(unversioned, ABSENT, { etag: 'e3' })).toBe('superseded');
  });

  it('brings the mirror to the current object on a delete that finds the key present', () => {
    const deleted = { kind: 'deleted', sequencer: '09' } as const;

    expect(decidePresentKey(deleted, target({ versionId: 'v1' }), current('v1'))).toBe(
      'newer-copy',
    );
    // An older version restored by a permanent delete of the newer one has no event of its own.
    expect(decidePresentKey(deleted, target({ versionId: 'v2' }), current('v1'))).toBe('copy');
    expect(decidePresentKey(deleted, ABSENT, current('v3'))).toBe('copy');
  });
});

describe('decideDeletedKey: S3 holds no object for the key', () => {
  const created = { kind: 'created', versionId: 'v1', sequencer: '05' } as const;
  const deleted = { kind: 'deleted', sequencer: '05' } as const;

  it('keeps the event version when deletes are not mirrored', () => {
    expect(decideDeletedKey(created, ABSENT, false)).toBe('keep-event-version');
  });

  it('deletes what the transfer wrote, whatever the sequencers say', () => {
    expect(decideDeletedKey(deleted, target({ etag: 'e', sequencer: '06' }), true)).toBe('delete');
    expect(decideDeletedKey(deleted, target({ etag: 'e', sequencer: '05' }), true)).toBe('delete');
    expect(decideDeletedKey({ kind: 'deleted' }, target({ etag: 'e' }), true)).toBe('delete');
    // A created event handled after its key was deleted removes a copy left from before.
    expect(decideDeletedKey(created, target({ etag: 'e', versionId: 'v0' }), true)).toBe('delete');
  });

  it('leaves a file the transfer did not write', () => {
    expect(decideDeletedKey(deleted, target({}), true)).toBe('foreign-file');
  });

  it('has nothing to do when the file is absent', () => {
    expect(decideDeletedKey(deleted, ABSENT, true)).toBe('absent');
    expect(decideDeletedKey(created, ABSENT, true)).toBe('source-gone');
  });
});

describe('decideRetained: the key is deleted in S3 and deletes are not mirrored', () => {
  it('copies when nothing is there', () => {
    expect(decideRetained({ sequencer: '01' }, ABSENT)).toBe('copy');
  });

  it.each([
    ['02', '01', 'copy'],
    ['01', '01', 'duplicate'],
    ['01', '02', 'older'],
    ['FF', '0100', 'older'],
  ] as const)('event %s over recorded %s → %s', (event, recorded, expected) => {
    expect(decideRetained({ sequencer: event }, target({ sequencer: recorded }))).toBe(expected);
  });

  it('falls back to the version id, then the ETag, without sequencers', () => {
    expect(decideRetained({ versionId: 'v1' }, target({ versionId: 'v1' }))).toBe('duplicate');
    expect(decideRetained({ versionId: 'v2' }, target({ versionId: 'v1' }))).toBe('copy');
    expect(decideRetained({ etag: 'e' }, target({ etag: 'e' }))).toBe('duplicate');
    expect(decideRetained({ etag: 'f' }, target({ etag: 'e' }))).toBe('copy');
  });

  it('copies another version whose sequencer equals the recorded one', () => {
    expect(
      decideRetained(
        { versionId: 'v2', sequencer: '07' },
        target({ versionId: 'v1', sequencer: '07' }),
      ),
    ).toBe('copy');
  });

  it('copies over a file the transfer did not write', () => {
    expect(decideRetained({ sequencer: '01' }, target({}))).toBe('copy');
  });
});

describe('decideByLastVersion: S3 lists the deleted key’s versions, newest first', () => {
  const event = (versionId: string, sequencer: string) => ({ versionId, sequencer });

  it('copies only S3’s last live version, whatever the sequencers say', () => {
    const forged = target({ versionId: 'v1', sequencer: 'F'.repeat(40) });
    expect(decideByLastVersion(event('v2', '02'), forged, 'v2')).toBe('copy');
    expect(decideByLastVersion(event('v2', '00AA'), ABSENT, 'v2')).toBe('copy');
  });

  it('keeps the mirror when the event names an older version, even with a higher sequencer', () => {
    const held = target({ versionId: 'v2', sequencer: '00AA' });
    expect(decideByLastVersion(event('v1', 'F'.repeat(40)), held, 'v2')).toBe('older');
  });

  it('is a duplicate when the mirror already holds the last version', () => {
    expect(decideByLastVersion(event('v2', '02'), target({ versionId: 'v2' }), 'v2')).toBe(
      'duplicate',
    );
  });
});
