/**
 * Identical stored bodies, held once per process. A mirrored lake keeps every object twice in
 * localcloud (S3's copy and the ADLS mirror's) and a local run a third time in the clean zone's
 * mirror: at size large that is gigabytes of the same bytes. S3 and the Azure endpoint pass each
 * body they store through `sharedBytes`, which hands back an equal body already held, so the
 * duplicate can be collected.
 *
 * Stored bodies are never changed in place (a write stores a new Buffer), which is what makes
 * sharing them safe; anything that alters stored bytes must replace the Buffer, not edit it.
 */
import { createHash } from 'node:crypto';

/** Below this, sharing saves less than the digest and the table entry cost. */
const SMALLEST_SHARED = 4 * 1024;

const held = new Map<string, WeakRef<Buffer>>();
const forget = new FinalizationRegistry<string>((digest) => {
  if (held.get(digest)?.deref() === undefined) held.delete(digest);
});

/** `data`, or an equal Buffer already stored elsewhere in the process. */
export function sharedBytes(data: Buffer): Buffer {
  if (data.length < SMALLEST_SHARED) return data;
  // SHA-256, not MD5: bodies are client data, and MD5 collisions can be made on purpose.
  const digest = createHash('sha256').update(data).digest('base64');
  const existing = held.get(digest)?.deref();
  if (existing !== undefined && existing.length === data.length) return existing;
  held.set(digest, new WeakRef(data));
  forget.register(data, digest);
  return data;
}
