/**
 * `Content-Encoding: aws-chunked` bodies: the SDK streams uploads as
 *   <hex-size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;chunk-signature=…]\r\n<trailers>\r\n
 * with the checksum as a trailer (`x-amz-checksum-crc32:<base64>`). We decode to the object
 * bytes and the trailers; chunk signatures are carried but the seed signature is what SigV4
 * already verified.
 */
import { AwsError } from '../../core/aws-error';

export interface DecodedChunks {
  readonly data: Buffer;
  readonly trailers: ReadonlyMap<string, string>;
}

export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', offset);
    if (lineEnd === -1) throw incomplete();
    const header = body.subarray(offset, lineEnd).toString('latin1');
    const size = parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw incomplete();
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw incomplete();
    parts.push(body.subarray(offset, offset + size));
    offset += size;
    if (body.subarray(offset, offset + 2).toString('latin1') !== '\r\n') throw incomplete();
    offset += 2;
  }
  const trailers = new Map<string, string>();
  for (const line of body.subarray(offset).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { data: Buffer.concat(parts), trailers };
}

function incomplete(): AwsError {
  return new AwsError('IncompleteBody', 'The request body terminated unexpectedly', 400);
}
