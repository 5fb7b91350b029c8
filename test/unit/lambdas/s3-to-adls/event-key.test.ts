import { S3ServiceException, type HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { bucketName, loadPlatform } from '../../../../infra/platform';
import { ForeignBucketError } from '../../../../lambdas/s3-to-adls/errors';
import { parseS3ObjectEvent, type S3ObjectEvent } from '../../../../lambdas/s3-to-adls/event';
import { resolveEventKeys } from '../../../../lambdas/s3-to-adls/event-key';
import { objectCreatedEvent } from '../../../fixtures/events/s3-events';

const platform = loadPlatform('dev');
const lake = { account: '123456789012', region: 'eu-west-1' };

interface StoredObject {
  readonly versionId: string;
  readonly etag: string;
}

/** HEAD against objects held in memory; everything else does not exist (404). */
function fakeS3(objects: Readonly<Record<string, StoredObject>>): {
  s3: S3Client;
  heads: string[];
} {
  const heads: string[] = [];
  const send = (command: HeadObjectCommand) => {
    const { Key = '', VersionId } = command.input;
    heads.push(Key);
    const found = objects[Key];
    if (found === undefined || (VersionId !== undefined && VersionId !== found.versionId)) {
      return Promise.reject(
        new S3ServiceException({
          name: 'NotFound',
          $fault: 'client',
          $metadata: { httpStatusCode: 404 },
        }),
      );
    }
    return Promise.resolve({ ETag: `"${found.etag}"`, VersionId: found.versionId });
  };
  return { s3: { send } as unknown as S3Client, heads };
}

function dependencies(objects: Readonly<Record<string, StoredObject>>, mirrorDeletes = true) {
  const { s3, heads } = fakeS3(objects);
  const logs: string[] = [];
  const log = (message: string) => logs.push(message);
  return {
    deps: {
      platform,
      lake,
      s3,
      config: { mirrorDeletes },
      logger: { debug: log, info: log, warn: log, error: log },
    },
    heads,
    logs,
  };
}

const created = (sentKey: string, overrides: { versionId?: string; etag?: string } = {}) =>
  parseS3ObjectEvent(JSON.stringify(objectCreatedEvent({ sentKey, ...overrides })));

const deleted = (event: S3ObjectEvent): S3ObjectEvent => ({
  ...event,
  kind: 'deleted',
  deletionType: 'Delete Marker Created',
});

describe('resolveEventKeys', () => {
  it('asks S3 nothing when the key has one reading', async () => {
    const { deps, heads } = dependencies({});
    const event = created('customers/plain.json');

    expect(await resolveEventKeys(event, deps)).toEqual([event]);
    expect(heads).toEqual([]);
  });

  it('keeps the decoded reading when it names the event’s version', async () => {
    const { deps } = dependencies({ 'customers/a b.json': { versionId: 'v1', etag: 'e1' } });

    const [event] = await resolveEventKeys(
      created('customers/a+b.json', { versionId: 'v1' }),
      deps,
    );

    expect([event.key, event.alternativeKeys]).toEqual(['customers/a b.json', []]);
  });

  it('takes the key as sent when only it names the object (a raw key with a plus)', async () => {
    const { deps, logs } = dependencies({
      'customers/a+b=c&d.json': { versionId: 'v1', etag: 'e' },
    });

    const [event] = await resolveEventKeys(
      created('customers/a+b=c&d.json', { versionId: 'v1' }),
      deps,
    );

    expect(event.key).toBe('customers/a+b=c&d.json');
    expect(logs).toContain('Event key taken as sent, not decoded');
  });

  it('tells the event’s object by its version when both readings exist', async () => {
    const { deps } = dependencies({
      'customers/a b.json': { versionId: 'other', etag: 'e1' },
      'customers/a+b.json': { versionId: 'v7', etag: 'e2' },
    });

    const [event] = await resolveEventKeys(
      created('customers/a+b.json', { versionId: 'v7' }),
      deps,
    );

    expect(event.key).toBe('customers/a+b.json');
  });

  it('tells the event’s object by its ETag in an unversioned bucket', async () => {
    const { deps } = dependencies({
      'customers/a b.json': { versionId: 'null', etag: 'other' },
      'customers/a+b.json': { versionId: 'null', etag: 'mine' },
    });
    const unversioned = {
      ...created('customers/a+b.json', { etag: 'mine' }),
      versionId: undefined,
    };

    expect((await resolveEventKeys(unversioned, deps))[0].key).toBe('customers/a+b.json');
  });

  it('keeps the likeliest reading when none exists: the transfer finds the source gone', async () => {
    const { deps, heads } = dependencies({});

    const [event] = await resolveEventKeys(
      created('customers/a+b.json', { versionId: 'v1' }),
      deps,
    );

    expect(event.key).toBe('customers/a b.json');
    expect(heads).toEqual(['customers/a b.json', 'customers/a+b.json']);
  });

  it('converges every reading of a mirrored delete, asking S3 nothing yet', async () => {
    const { deps, heads } = dependencies({ 'customers/a b.json': { versionId: 'v1', etag: 'e' } });

    const events = await resolveEventKeys(deleted(created('customers/a+b.json')), deps);

    expect(events.map(({ key, alternativeKeys }) => [key, alternativeKeys])).toEqual([
      ['customers/a b.json', []],
      ['customers/a+b.json', []],
    ]);
    expect(heads).toEqual([]);
  });

  it('leaves a delete alone when deletes are not mirrored', async () => {
    const { deps, heads } = dependencies({}, false);

    const [event] = await resolveEventKeys(deleted(created('customers/a+b.json')), deps);

    expect(event.alternativeKeys).toEqual(['customers/a+b.json']);
    expect(heads).toEqual([]);
  });

  it('refuses a bucket of another account before asking S3 anything', async () => {
    const { deps, heads } = dependencies({});
    const foreign = parseS3ObjectEvent(
      JSON.stringify(
        objectCreatedEvent({
          bucket: bucketName(platform, 'raw', '210987654321', lake.region),
          sentKey: 'customers/a+b.json',
        }),
      ),
    );

    await expect(resolveEventKeys(foreign, deps)).rejects.toThrow(ForeignBucketError);
    expect(heads).toEqual([]);
  });
});
