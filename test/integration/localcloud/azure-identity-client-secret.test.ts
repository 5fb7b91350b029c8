import { AuthenticationRequiredError } from '@azure/identity';
import type { RestError } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  APP_CLIENT_ID,
  APP_PRINCIPAL_ID,
  APP_SECRET,
  CLIENT_ID,
  PRINCIPAL_ID,
  STORAGE_SCOPE,
  bearerBlobClient,
  registerTransferApp,
  requestToken,
  secretCredential,
  sharedKeyBlobClient,
} from './azure-identity-fixtures';

const cloud = useLocalCloud();

const WRONG_SECRET = 'local~Wr0ng.SecretValue-That-Must-Not-Leak';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

async function failureOf<T extends Error>(action: Promise<unknown>): Promise<T> {
  return (await action.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  )) as T;
}

function secretForm(secret: string, clientId = APP_CLIENT_ID): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: clientId,
    scope: STORAGE_SCOPE,
    client_secret: secret,
  };
}

beforeEach(async () => {
  const admin = sharedKeyBlobClient(cloud());
  await admin.createContainer('raw');
  await admin.createContainer('curated');
});

describe('localcloud Azure identity: service principal with a client secret (real SDK)', () => {
  it('issues a token to ClientSecretCredential that storage accepts with shared key disabled', async () => {
    registerTransferApp(cloud(), { role: 'Storage Blob Data Contributor', container: 'raw' });
    const credential = secretCredential(cloud());
    cloud().azure.setSharedKeyAccess(false);

    const token = await credential.getToken(STORAGE_SCOPE);
    await bearerBlobClient(cloud(), credential)
      .getContainerClient('raw')
      .getBlockBlobClient('day=1/sp.json')
      .upload('{"sp":1}', 8);
    const sharedKeyRefused = await failureOf<RestError>(
      sharedKeyBlobClient(cloud())
        .getContainerClient('raw')
        .getBlobClient('day=1/sp.json')
        .exists(),
    );
    cloud().azure.setSharedKeyAccess(true);
    const written = await sharedKeyBlobClient(cloud())
      .getContainerClient('raw')
      .getBlobClient('day=1/sp.json')
      .downloadToBuffer();

    const claims = claimsOf(token.token);
    expect(claims).toMatchObject({
      aud: 'https://storage.azure.com',
      iss: `https://sts.windows.net/${cloud().azure.identity.tenantId}/`,
      oid: APP_PRINCIPAL_ID,
      sub: APP_PRINCIPAL_ID,
      appid: APP_CLIENT_ID,
      appidacr: '1',
      ver: '1.0',
    });
    expect(claims).not.toHaveProperty('xms_mirid');
    expect(sharedKeyRefused.statusCode).toBe(403);
    expect(written.toString()).toBe('{"sp":1}');
  });

  it('refuses a wrong secret with AADSTS7000215, without echoing it', async () => {
    registerTransferApp(cloud());

    const failure = await failureOf<AuthenticationRequiredError>(
      secretCredential(cloud(), WRONG_SECRET).getToken(STORAGE_SCOPE),
    );
    const raw = await requestToken(cloud(), secretForm(WRONG_SECRET));

    // @azure/identity wraps MSAL's server error; Entra's answer travels in the message and cause.
    expect(failure).toBeInstanceOf(AuthenticationRequiredError);
    expect(failure.message).toContain('AADSTS7000215: Invalid client secret provided.');
    expect(failure.message).not.toContain(WRONG_SECRET);
    expect([raw.status, raw.body.error, raw.body.error_codes]).toEqual([
      401,
      'invalid_client',
      [7000215],
    ]);
    expect(raw.body.error_description).toContain(
      `not the client secret ID, for a secret added to app '${APP_CLIENT_ID}'`,
    );
    expect(JSON.stringify(raw.body)).not.toContain(WRONG_SECRET);
  });

  it("refuses the secret's id in place of its value (AADSTS7000215)", async () => {
    const { keyId } = registerTransferApp(cloud());

    const { status, body } = await requestToken(cloud(), secretForm(keyId));

    expect([status, body.error_codes]).toEqual([401, [7000215]]);
  });

  it('refuses an expired secret with AADSTS7000222 on the emulator clock; a newer one still works', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    registerTransferApp(cloud(), { secretExpiresAt: expiresAt });
    const before = await requestToken(cloud(), secretForm(APP_SECRET));
    cloud().advanceClock(61_000);

    const failure = await failureOf<AuthenticationRequiredError>(
      secretCredential(cloud()).getToken(STORAGE_SCOPE),
    );
    const raw = await requestToken(cloud(), secretForm(APP_SECRET));
    cloud().azure.identity.addClientSecret(APP_CLIENT_ID, { value: 'local~rotated.Secret-2' });
    const rotated = await secretCredential(cloud(), 'local~rotated.Secret-2').getToken(
      STORAGE_SCOPE,
    );

    expect(before.status).toBe(200);
    expect(failure).toBeInstanceOf(AuthenticationRequiredError);
    expect(failure.message).toContain(
      `AADSTS7000222: The provided client secret keys for app '${APP_CLIENT_ID}' are expired.`,
    );
    expect([raw.status, raw.body.error, raw.body.error_codes]).toEqual([
      401,
      'invalid_client',
      [7000222],
    ]);
    expect(claimsOf(rotated.token).oid).toBe(APP_PRINCIPAL_ID);
  });

  it('issues a token to a principal without a role, which storage then refuses with 403', async () => {
    registerTransferApp(cloud(), { role: null });
    const credential = secretCredential(cloud());
    cloud().azure.setSharedKeyAccess(false);

    const token = await credential.getToken(STORAGE_SCOPE);
    const refused = await failureOf<RestError>(
      bearerBlobClient(cloud(), credential)
        .getContainerClient('raw')
        .getBlockBlobClient('day=1/sp.json')
        .upload('x', 1),
    );

    expect(claimsOf(token.token).oid).toBe(APP_PRINCIPAL_ID);
    expect(refused.statusCode).toBe(403);
    expect(refused.code).toBe('AuthorizationPermissionMismatch');
  });

  it('grants a service principal exactly its role assignments, as for a managed identity', async () => {
    registerTransferApp(cloud(), { role: 'Storage Blob Data Reader', container: 'curated' });
    const blobs = bearerBlobClient(cloud(), secretCredential(cloud()));
    await sharedKeyBlobClient(cloud())
      .getContainerClient('curated')
      .getBlockBlobClient('seed.csv')
      .upload('a,b\n', 4);

    const read = await blobs
      .getContainerClient('curated')
      .getBlobClient('seed.csv')
      .downloadToBuffer();
    const writeRefused = await failureOf<RestError>(
      blobs.getContainerClient('curated').getBlockBlobClient('new.csv').upload('x', 1),
    );
    const otherContainerRefused = await failureOf<RestError>(
      blobs.getContainerClient('raw').getBlobClient('seed.csv').downloadToBuffer(),
    );

    expect(read.toString()).toBe('a,b\n');
    expect([writeRefused.statusCode, writeRefused.code]).toEqual([
      403,
      'AuthorizationPermissionMismatch',
    ]);
    expect(otherContainerRefused.statusCode).toBe(403);
  });
});

describe('localcloud Azure identity: client secret edge cases', () => {
  it('keeps refusing a client_secret for a managed identity (AADSTS7000218)', async () => {
    cloud().azure.identity.addManagedIdentity({
      clientId: CLIENT_ID,
      principalId: PRINCIPAL_ID,
      name: 'transfer',
    });

    const { status, body } = await requestToken(cloud(), secretForm(APP_SECRET, CLIENT_ID));

    expect([status, body.error, body.error_codes]).toEqual([401, 'invalid_client', [7000218]]);
    expect(() => cloud().azure.identity.addClientSecret(CLIENT_ID, { value: APP_SECRET })).toThrow(
      'managed identities have no client secrets',
    );
  });

  it('asks a service principal sending no credential for one (AADSTS7000218)', async () => {
    registerTransferApp(cloud());

    const { status, body } = await requestToken(cloud(), {
      grant_type: 'client_credentials',
      client_id: APP_CLIENT_ID,
      scope: STORAGE_SCOPE,
    });

    expect([status, body.error_codes]).toEqual([401, [7000218]]);
    expect(body.error_description).toContain("'client_assertion' or 'client_secret'");
  });

  it('forgets service principals and their secrets on reset', async () => {
    registerTransferApp(cloud());
    cloud().reset();

    const { status, body } = await requestToken(cloud(), secretForm(APP_SECRET));

    expect([status, body.error_codes]).toEqual([400, [700016]]);
  });
});
