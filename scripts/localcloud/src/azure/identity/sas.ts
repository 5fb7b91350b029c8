/**
 * Shared Key signed SAS tokens (`sig=`): service SAS (sr = c, b, bs, bv, d) and account SAS
 * (ss, srt), verified by recomputing the HMAC-SHA256 of the signed version's string-to-sign.
 * The resource a service SAS is signed for is taken from the request itself, as the service
 * does, so a SAS for one container or blob fails its signature anywhere else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AzureError } from '../azure-error';
import type { AzureAuth } from '../auth';
import type { AzureRequest } from '../azure-request';
import { authenticationFailed } from '../shared-key';
import { accountStringToSign, serviceStringToSign, type Field } from './sas-string-to-sign';
import { parseSasTime } from './sas-time';

const OLDEST_VERSION = '2015-04-05';

export function verifySas(
  request: AzureRequest,
  accountName: string,
  accountKey: string,
  now: Date,
): AzureAuth {
  const field: Field = (name) => request.query.get(name) ?? '';
  const isAccountSas = request.query.has('ss') || request.query.has('srt');
  for (const name of isAccountSas ? ['sv', 'ss', 'srt', 'sp', 'se'] : ['sv', 'sr']) {
    if (field(name) === '') throw authenticationFailed(`${name} is mandatory. Cannot be empty`);
  }
  if (field('sv') < OLDEST_VERSION)
    throw authenticationFailed(
      `Signed version ${field('sv')} is not supported: localcloud verifies SAS of version ${OLDEST_VERSION} and later.`,
    );
  if (field('si') !== '')
    throw authenticationFailed(
      'Stored access policies (si) are not supported by localcloud: sign sp and se in the SAS itself.',
    );
  if (!isAccountSas && (field('sp') === '' || field('se') === ''))
    throw authenticationFailed('Signature fields not well formed.');

  const stringToSign = isAccountSas
    ? accountStringToSign(field, accountName)
    : serviceStringToSign(
        field,
        canonicalizedResource(request, accountName, field),
        snapshotTime(request),
      );
  checkSignature(field('sig'), stringToSign, accountKey);
  checkTimes(field, now);
  checkProtocol(field('spr'));
  if (isAccountSas) {
    checkAccountScope(request, field);
    return { kind: 'sas', permissions: field('sp') };
  }
  return { kind: 'sas', permissions: field('sp'), container: request.container };
}

function canonicalizedResource(request: AzureRequest, accountName: string, field: Field): string {
  const container = `/blob/${accountName}/${request.container}`;
  switch (field('sr')) {
    case 'c':
      return container;
    case 'b':
    case 'bs':
    case 'bv':
      return `${container}/${request.path}`;
    case 'd': {
      // A directory SAS covers everything under the directory `sdd` levels deep.
      const depth = Number(field('sdd'));
      if (!Number.isInteger(depth) || depth < 0)
        throw authenticationFailed('sdd must be a non-negative integer for sr=d.');
      const directory = request.path.split('/').slice(0, depth).join('/');
      return depth === 0 ? container : `${container}/${directory}`;
    }
    default:
      throw authenticationFailed(`Invalid signed resource (sr) '${field('sr')}'.`);
  }
}

/** A snapshot or version SAS signs the snapshot time / version id the request names. */
function snapshotTime(request: AzureRequest): string {
  return request.query.get('snapshot') ?? request.query.get('versionid') ?? '';
}

function checkSignature(sig: string, stringToSign: string, accountKey: string): void {
  const computed = createHmac('sha256', Buffer.from(accountKey, 'base64'))
    .update(stringToSign, 'utf8')
    .digest();
  const sent = Buffer.from(sig, 'base64');
  if (sent.length !== computed.length || !timingSafeEqual(sent, computed))
    throw authenticationFailed(`Signature did not match. String to sign used was ${stringToSign}`);
}

function checkTimes(field: Field, now: Date): void {
  const expiry = parseSasTime(field('se'));
  const start = field('st') === '' ? undefined : parseSasTime(field('st'));
  if (!expiry || (field('st') !== '' && !start))
    throw authenticationFailed('Signature fields not well formed.');
  if (start && expiry.getTime() <= start.getTime())
    throw authenticationFailed(
      `Signed expiry time [${expiry.toUTCString()}] must be after signed start time [${start.toUTCString()}]`,
    );
  if ((start && now.getTime() < start.getTime()) || now.getTime() >= expiry.getTime()) {
    throw authenticationFailed(
      `Signature not valid in the specified time frame: Start [${start?.toUTCString() ?? ''}] - Expiry [${expiry.toUTCString()}] - Current [${now.toUTCString()}]`,
    );
  }
}

/** This endpoint is plain HTTP: a SAS restricted to HTTPS cannot be used on it. */
function checkProtocol(spr: string): void {
  if (spr === '' || spr.split(',').includes('http')) return;
  throw new AzureError(
    'AuthorizationProtocolMismatch',
    'This request is not authorized to perform this operation using this protocol.',
    403,
  );
}

/** Account SAS: the Blob service (`ss` has b) and the request's resource type in `srt`. */
function checkAccountScope(request: AzureRequest, field: Field): void {
  if (!field('ss').includes('b')) {
    throw new AzureError(
      'AuthorizationServiceMismatch',
      'This request is not authorized to perform this operation using this service.',
      403,
    );
  }
  const resourceType = request.container === '' ? 's' : request.path === '' ? 'c' : 'o';
  if (!field('srt').includes(resourceType)) {
    throw new AzureError(
      'AuthorizationResourceTypeMismatch',
      'This request is not authorized to perform this operation using this resource type.',
      403,
    );
  }
}
