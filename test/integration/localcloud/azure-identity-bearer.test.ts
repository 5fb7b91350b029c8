import type { TokenCredential } from '@azure/identity';
import type { RestError } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  bearerBlobClient,
  federatedCredential,
  requestToken,
  sharedKeyBlobClient,
  stsAssertion,
  tokenForm,
  trustTransferRole,
  STORAGE_SCOPE,
} from './azure-identity-fixtures';

const cloud = useLocalCloud();

async function failureOf(action: Promise<unknown>): Promise<RestError> {
  return (await action.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  )) as RestError;
}

beforeEach(async () => {
  const admin = sharedKeyBlobClient(cloud());
  await admin.createContainer('raw');
  await admin.createContainer('curated');
  await admin.getContainerClient('raw').getBlockBlobClient('seed.csv').upload('a,b\n', 4);
});

describe('localcloud Azure identity: bearer tokens and role assignments', () => {
  it('lets a contributor on raw write raw and refuses it curated with 403', async () => {
    trustTransferRole(cloud(), 'Storage Blob Data Contributor', 'raw');
    const blobs = bearerBlobClient(cloud());

    await blobs.getContainerClient('raw').getBlockBlobClient('in/1.csv').upload('x', 1);
    const refused = await failureOf(
      blobs.getContainerClient('curated').getBlockBlobClient('out/1.csv').upload('x', 1),
    );
    const written = await sharedKeyBlobClient(cloud())
      .getContainerClient('raw')
      .getBlobClient('in/1.csv')
      .downloadToBuffer();

    expect(written.toString()).toBe('x');
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe('AuthorizationPermissionMismatch');
  });

  it('lets a reader read and list but not write', async () => {
    trustTransferRole(cloud(), 'Storage Blob Data Reader', 'raw');
    const raw = bearerBlobClient(cloud()).getContainerClient('raw');

    const content = await raw.getBlobClient('seed.csv').downloadToBuffer();
    const names: string[] = [];
    for await (const blob of raw.listBlobsFlat()) names.push(blob.name);
    const refused = await failureOf(raw.getBlockBlobClient('new.csv').upload('x', 1));

    expect(content.toString()).toBe('a,b\n');
    expect(names).toEqual(['seed.csv']);
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe('AuthorizationPermissionMismatch');
  });

  it('applies an account-scoped assignment to every container', async () => {
    trustTransferRole(cloud(), 'Storage Blob Data Owner', null);
    const blobs = bearerBlobClient(cloud());

    await blobs.getContainerClient('raw').getBlockBlobClient('a').upload('1', 1);
    await blobs.getContainerClient('curated').getBlockBlobClient('b').upload('2', 1);
    const curated = await blobs.getContainerClient('curated').getBlobClient('b').downloadToBuffer();

    expect(curated.toString()).toBe('2');
  });

  it('refuses every data operation to a principal without a role assignment', async () => {
    trustTransferRole(cloud(), 'Storage Blob Data Reader', 'curated');

    const refused = await failureOf(
      bearerBlobClient(cloud())
        .getContainerClient('raw')
        .getBlobClient('seed.csv')
        .downloadToBuffer(),
    );

    expect(refused.statusCode).toBe(403);
    expect((refused.details as { errorCode: string }).errorCode).toBe(
      'AuthorizationPermissionMismatch',
    );
  });

  it('answers 401 InvalidAuthenticationInfo once the token expires on the emulator clock', async () => {
    trustTransferRole(cloud());
    const token = await federatedCredential(cloud()).getToken(STORAGE_SCOPE);
    // A credential that keeps presenting the token it was given, as a cache past its expiry would.
    const stale: TokenCredential = { getToken: () => Promise.resolve(token) };
    const raw = bearerBlobClient(cloud(), stale).getContainerClient('raw');
    await raw.getBlockBlobClient('before').upload('1', 1);
    cloud().advanceClock(3600 * 1000);

    const refused = await failureOf(raw.getBlockBlobClient('after').upload('1', 1));

    expect(refused.statusCode).toBe(401);
    expect(refused.code).toBe('InvalidAuthenticationInfo');
    expect(refused.message).toContain(
      'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
    );
    expect(refused.response?.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri=https://login.microsoftonline.com/${cloud().azure.identity.tenantId}/oauth2/authorize resource_id=https://storage.azure.com error="invalid_token" error_description="The token is expired"`,
    );
  });

  it('lets the real credential recover from the expiry challenge with a fresh token', async () => {
    trustTransferRole(cloud());
    const raw = bearerBlobClient(cloud()).getContainerClient('raw');
    await raw.getBlockBlobClient('before').upload('1', 1);
    cloud().advanceClock(3600 * 1000);

    await raw.getBlockBlobClient('after').upload('2', 1);
    const after = await sharedKeyBlobClient(cloud())
      .getContainerClient('raw')
      .getBlobClient('after')
      .downloadToBuffer();

    expect(after.toString()).toBe('2');
  });

  it('refuses a token whose signature or audience does not verify', async () => {
    trustTransferRole(cloud());
    const { body } = await requestToken(cloud(), tokenForm(await stsAssertion(cloud())));
    const [header, payload, signature] = (body.access_token as string).split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as object;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, aud: 'https://vault.azure.net' }),
    ).toString('base64url');
    const url = `${cloud().azure.endpoint}/raw/seed.csv`;

    const tampered = await fetch(url, {
      headers: {
        authorization: `Bearer ${header}.${forged}.${signature}`,
        'x-ms-version': '2025-01-05',
      },
    });
    const valid = await fetch(url, {
      headers: {
        authorization: `Bearer ${body.access_token as string}`,
        'x-ms-version': '2025-01-05',
      },
    });

    expect(tampered.status).toBe(401);
    expect(tampered.headers.get('x-ms-error-code')).toBe('InvalidAuthenticationInfo');
    expect(await tampered.text()).toContain(
      '<AuthenticationErrorDetail>Signature validation failed. Signature is invalid.</AuthenticationErrorDetail>',
    );
    expect(tampered.headers.get('www-authenticate')).toContain(
      'resource_id=https://storage.azure.com',
    );
    expect(valid.status).toBe(200);
    expect(await valid.text()).toBe('a,b\n');
  });
});
