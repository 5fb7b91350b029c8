import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { WriteDayError } from '../../../../scripts/generate-data/errors';
import { writeGeneratedDay } from '../../../../scripts/generate-data/write-day';

const objects = Array.from({ length: 7 }, (_, index) => ({
  dataset: 'access_events',
  key: `access_events/year=2026/month=03/day=02/hour=0${index}/part-00000-x.c000.json`,
  body: Buffer.from(`{"n":${index}}\n`),
  records: 1,
}));

/** An S3 client double that records PutObject inputs and fails the keys it is told to. */
function fakeS3(failing: ReadonlySet<string> = new Set()) {
  const puts: PutObjectCommand['input'][] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof PutObjectCommand)) throw new Error('only PutObject is expected');
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      if (failing.has(command.input.Key!))
        throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
      puts.push(command.input);
      return {};
    },
  };
  return { client: client as unknown as S3Client, puts, mostInFlight: () => mostInFlight };
}

describe('writeGeneratedDay', () => {
  it('puts every object as JSON, at most `concurrency` at a time, and reports each key', async () => {
    const s3 = fakeS3();
    const written: string[] = [];
    const summary = await writeGeneratedDay(
      s3.client,
      'raw-bucket',
      { objects },
      {
        concurrency: 3,
        quiet: true,
        onObject: (key) => written.push(key),
      },
    );
    expect(s3.puts.map((put) => put.Key).sort()).toEqual(
      objects.map((object) => object.key).sort(),
    );
    for (const put of s3.puts) {
      expect(put.Bucket).toBe('raw-bucket');
      expect(put.ContentType).toBe('application/json');
    }
    expect(s3.mostInFlight()).toBe(3);
    expect(written.sort()).toEqual(objects.map((object) => object.key).sort());
    expect(summary).toEqual({
      objects: 7,
      bytes: objects.reduce((sum, object) => sum + object.body.length, 0),
    });
  });

  it('stops at the first failed object and names it', async () => {
    const s3 = fakeS3(new Set([objects[1]!.key]));
    const failure = writeGeneratedDay(
      s3.client,
      'raw-bucket',
      { objects },
      { concurrency: 1, quiet: true },
    );
    await expect(failure).rejects.toThrow(WriteDayError);
    await expect(failure).rejects.toThrow(
      `could not write ${objects[1]!.key}: AccessDenied: Access Denied`,
    );
    expect(s3.puts.map((put) => put.Key)).toEqual([objects[0]!.key]);
  });

  it('draws its progress on the stream it is given', async () => {
    const writes: string[] = [];
    await writeGeneratedDay(
      fakeS3().client,
      'raw-bucket',
      { objects },
      {
        progressStream: { isTTY: false, write: (text: string) => writes.push(text) },
      },
    );
    expect(writes).toEqual([
      expect.stringMatching(/^writing s3:\/\/raw-bucket: 7\/7 objects in \d+\.\ds\n$/),
    ]);
  });

  it('refuses a concurrency below one', async () => {
    await expect(
      writeGeneratedDay(fakeS3().client, 'b', { objects }, { concurrency: 0 }),
    ).rejects.toThrow(RangeError);
  });
});
