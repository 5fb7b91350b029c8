/**
 * Receipt handles are opaque to clients. Ours encode the message id and a per-receive nonce, so
 * a malformed handle is told apart (ReceiptHandleIsInvalid) from a stale one (silently ignored,
 * as AWS does for a handle from an earlier receive).
 */
import { randomUUID } from 'node:crypto';

const PREFIX = 'lc1:';

export function newReceiptHandle(messageId: string): string {
  return Buffer.from(`${PREFIX}${messageId}:${randomUUID()}`, 'utf8').toString('base64');
}

/** The message id inside a handle, or undefined when the handle is not one of ours. */
export function messageIdOfHandle(handle: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const decoded = Buffer.from(handle, 'base64').toString('utf8');
  if (!decoded.startsWith(PREFIX)) return undefined;
  const parts = decoded.slice(PREFIX.length).split(':');
  return parts.length === 2 && parts[0] !== '' ? parts[0] : undefined;
}
