/**
 * Block blobs built from staged blocks: Put Block, Put Block List, Get Block List. Staged
 * blocks live in the namespace apart from the committed content, so readers and listings see
 * nothing until Put Block List commits them.
 */
import { createHash } from 'node:crypto';
import { parseXmlElements, toXml, type XmlObject } from '../../core/xml';
import { AzureError } from '../azure-error';
import { header, httpDate } from '../azure-request';
import { trimSlashes, type Container, type PathEntry } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { contentPropertiesFrom, md5Of, verifyMd5, writeHeaders } from './blob-headers';
import { commitBlob } from './commit';
import { blobNotFound, invalidQueryParameter, requestBodyTooLarge } from './errors';
import { readMetadata } from './metadata';

/** Put Block's limit since version 2019-12-12: 4000 MiB. */
export const MAX_BLOCK_BYTES = 4000 * 1024 * 1024;
const MAX_UNCOMMITTED_BLOCKS = 100_000;
const MAX_COMMITTED_BLOCKS = 50_000;

/** A block id: valid Base64 of at most 64 bytes. Returns the id as sent. */
export function blockIdOf(call: AzureCall): string {
  const id = call.request.query.get('blockid');
  if (id === undefined) {
    throw new AzureError(
      'MissingRequiredQueryParameter',
      "A query parameter that's mandatory for this request is not specified.",
      400,
      { details: { QueryParameterName: 'blockid' } },
    );
  }
  const wellFormed = id.length > 0 && id.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(id);
  if (!wellFormed || Buffer.from(id, 'base64').length > 64) {
    throw invalidQueryParameter('blockid', id, 'Not a valid Base64 string of at most 64 bytes.');
  }
  return id;
}

function invalidBlobOrBlock(): AzureError {
  return new AzureError(
    'InvalidBlobOrBlock',
    'The specified blob or block content is invalid.',
    400,
  );
}

/** Stages one block; every block id of a blob must have the same length. */
export function stageBlock(call: AzureCall, id: string, data: Buffer): void {
  const { request, namespace } = call;
  const container = namespace.container(request.container, 'blob');
  const name = trimSlashes(request.path);
  const staged = container.stagedBlocks.get(name) ?? new Map<string, Buffer>();
  const committed = namespace.entry(container, name)?.committedBlocks ?? [];
  const otherIds = [...staged.keys(), ...committed.map((block) => block.id)];
  if (otherIds.some((other) => other.length !== id.length)) throw invalidBlobOrBlock();
  if (!staged.has(id) && staged.size >= MAX_UNCOMMITTED_BLOCKS) {
    throw new AzureError(
      'BlockCountExceedsLimit',
      'The uncommitted block count cannot exceed the maximum limit of 100,000 blocks.',
      409,
    );
  }
  // Staging an id again replaces the earlier block and makes it the latest.
  staged.delete(id);
  staged.set(id, data);
  container.stagedBlocks.set(name, staged);
}

export const putBlock: AzureOperation = {
  name: 'PutBlock',
  api: 'blob',
  permission: 'w',
  handle(call: AzureCall) {
    const id = blockIdOf(call);
    const data = call.request.body;
    if (data.length > MAX_BLOCK_BYTES) throw requestBodyTooLarge(MAX_BLOCK_BYTES);
    verifyMd5(header(call.request, 'content-md5'), data);
    stageBlock(call, id, data);
    return {
      status: 201,
      headers: { 'content-md5': md5Of(data), 'x-ms-request-server-encrypted': 'true' },
    };
  },
};

type ListKind = 'Committed' | 'Uncommitted' | 'Latest';

const LIST_KINDS: ReadonlySet<string> = new Set<ListKind>(['Committed', 'Uncommitted', 'Latest']);

/** The block list in document order (the order is the blob's), or undefined if malformed. */
function parseBlockList(body: Buffer): { kind: ListKind; id: string }[] | undefined {
  const roots = parseXmlElements(body);
  const root = roots?.length === 1 && roots[0]?.name === 'BlockList' ? roots[0] : undefined;
  if (!root || root.children.some((child) => !LIST_KINDS.has(child.name))) return undefined;
  return root.children.map((child) => ({ kind: child.name as ListKind, id: child.text.trim() }));
}

/** The committed blocks of the current blob, each with its bytes. */
function committedData(entry: PathEntry | undefined): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  let offset = 0;
  for (const block of entry?.kind === 'file' ? entry.committedBlocks : []) {
    data.set(block.id, entry?.content.subarray(offset, offset + block.size) ?? Buffer.alloc(0));
    offset += block.size;
  }
  return data;
}

function invalidBlockList(): AzureError {
  return new AzureError('InvalidBlockList', 'The specified block list is invalid.', 400);
}

export const putBlockList: AzureOperation = {
  name: 'PutBlockList',
  api: 'blob',
  permission: 'w',
  handle(call: AzureCall) {
    const { request, namespace } = call;
    const container = namespace.container(request.container, 'blob');
    const metadata = readMetadata(request);
    const list = parseBlockList(request.body);
    if (!list) {
      throw new AzureError('InvalidXmlDocument', 'XML specified is not syntactically valid.', 400);
    }
    if (list.length > MAX_COMMITTED_BLOCKS) {
      throw new AzureError(
        'BlockListTooLong',
        'The block list may not contain more than 50,000 blocks.',
        400,
      );
    }
    const name = trimSlashes(request.path);
    const staged = container.stagedBlocks.get(name) ?? new Map<string, Buffer>();
    const committed = committedData(namespace.entry(container, name));
    const blocks = list.map(({ kind, id }) => {
      const data =
        kind === 'Committed'
          ? committed.get(id)
          : kind === 'Uncommitted'
            ? staged.get(id)
            : (staged.get(id) ?? committed.get(id));
      if (!data) throw invalidBlockList();
      return { id, data };
    });
    const contentMd5 = header(request, 'x-ms-blob-content-md5');
    const entry = commitBlob(
      namespace,
      request,
      container,
      {
        content: Buffer.concat(blocks.map((block) => block.data)),
        properties: { ...contentPropertiesFrom(request), ...(contentMd5 && { contentMd5 }) },
        metadata,
        committedBlocks: blocks.map((block) => ({ id: block.id, size: block.data.length })),
      },
      call.now(),
    );
    return {
      status: 201,
      headers: {
        ...writeHeaders(entry),
        'content-md5': createHash('md5').update(request.body).digest('base64'),
      },
    };
  },
};

function blocksXml(blocks: readonly { id: string; size: number }[]): XmlObject {
  return { Block: blocks.map((block) => ({ Name: block.id, Size: block.size })) };
}

export const getBlockList: AzureOperation = {
  name: 'GetBlockList',
  api: 'blob',
  permission: 'r',
  handle({ request, namespace }: AzureCall) {
    const container: Container = namespace.container(request.container, 'blob');
    const type = (request.query.get('blocklisttype') ?? 'committed').toLowerCase();
    if (!['committed', 'uncommitted', 'all'].includes(type)) {
      throw invalidQueryParameter('blocklisttype', type, 'Use committed, uncommitted or all.');
    }
    const name = trimSlashes(request.path);
    const entry = namespace.entry(container, name);
    const staged = container.stagedBlocks.get(name);
    if (!entry && !staged) throw blobNotFound();
    const committed = entry?.committedBlocks ?? [];
    const uncommitted = [...(staged ?? new Map<string, Buffer>()).entries()].map(([id, data]) => ({
      id,
      size: data.length,
    }));
    const parts = [
      type !== 'uncommitted' ? toXml('CommittedBlocks', blocksXml(committed)) : '',
      type !== 'committed' ? toXml('UncommittedBlocks', blocksXml(uncommitted)) : '',
    ].join('');
    const headers: Record<string, string | number> = {
      'content-type': 'application/xml',
      'x-ms-blob-content-length': entry?.content.length ?? 0,
    };
    if (entry) {
      headers.etag = entry.etag;
      headers['last-modified'] = httpDate(entry.lastModified);
    }
    return {
      status: 200,
      headers,
      body: `<?xml version="1.0" encoding="utf-8"?><BlockList>${parts}</BlockList>`,
    };
  },
};
