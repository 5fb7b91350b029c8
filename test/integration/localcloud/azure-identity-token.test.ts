import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { AuthenticationRequiredError } from '@azure/identity';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  CLIENT_ID,
  PRINCIPAL_ID,
  ROLE_ARN,
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

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('localcloud Azure identity: federated token exchange with the real SDK', () => {
  it.each(['RS256', 'ES384'] as const)(
    'exchanges a %s STS web identity token for a storage token usable by BlobServiceClient',
    async (algorithm) => {
      trustTransferRole(cloud());
      await sharedKeyBlobClient(cloud()).createContainer('raw');
      const credential = federatedCredential(cloud(), () => stsAssertion(cloud(), { algorithm }));
      const blobs = bearerBlobClient(cloud(), credential);

      const token = await credential.getToken(STORAGE_SCOPE);
      await blobs.getContainerClient('raw').getBlockBlobClient('day=1/a.json').upload('{"a":1}', 7);
      const read = await sharedKeyBlobClient(cloud())
        .getContainerClient('raw')
        .getBlobClient('day=1/a.json')
        .downloadToBuffer();

      expect(claimsOf(token.token)).toMatchObject({
        aud: 'https://storage.azure.com',
        iss: `https://sts.windows.net/${cloud().azure.identity.tenantId}/`,
        oid: PRINCIPAL_ID,
        appid: CLIENT_ID,
        tid: cloud().azure.identity.tenantId,
        ver: '1.0',
      });
      expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3500 * 1000);
      expect(read.toString()).toBe('{"a":1}');
    },
  );

  it('surfaces an Entra error through ClientAssertionCredential', async () => {
    trustTransferRole(cloud());
    const credential = federatedCredential(cloud(), () =>
      stsAssertion(cloud(), { audience: 'sts.amazonaws.com' }),
    );

    const failure = await credential.getToken(STORAGE_SCOPE).catch((error: unknown) => error);

    // @azure/identity wraps MSAL's server error; the Entra answer travels in the message and cause.
    expect(failure).toBeInstanceOf(AuthenticationRequiredError);
    expect((failure as Error).message).toContain(
      'AADSTS700212: No matching federated identity record',
    );
    expect((failure as Error & { cause: { errorCode: string } }).cause.errorCode).toBe(
      'invalid_client',
    );
  });
});

describe('localcloud Azure identity: token endpoint errors', () => {
  it('answers a token with expires_in and ext_expires_in for a valid assertion', async () => {
    trustTransferRole(cloud());

    const { status, body } = await requestToken(cloud(), tokenForm(await stsAssertion(cloud())));

    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(claimsOf(body.access_token as string).oid).toBe(PRINCIPAL_ID);
  });

  it('refuses a subject no federated credential names (AADSTS700213)', async () => {
    const identity = cloud().azure.identity;
    identity.addManagedIdentity({ clientId: CLIENT_ID, principalId: PRINCIPAL_ID, name: 't' });
    identity.addFederatedCredential({
      clientId: CLIENT_ID,
      issuer: cloud().services.sts.issuer(),
      subject: 'arn:aws:iam::000000000000:role/other',
      audiences: ['api://AzureADTokenExchange'],
    });

    const { status, body } = await requestToken(cloud(), tokenForm(await stsAssertion(cloud())));

    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([700213]);
    expect(body.error_description).toContain(
      `AADSTS700213: No matching federated identity record found for presented assertion subject '${ROLE_ARN}'`,
    );
  });

  it('refuses an assertion whose audience is not the credential audience (AADSTS700212)', async () => {
    trustTransferRole(cloud());

    const { status, body } = await requestToken(
      cloud(),
      tokenForm(await stsAssertion(cloud(), { audience: 'https://adls.example.com' })),
    );

    expect(status).toBe(401);
    expect(body.error_codes).toEqual([700212]);
    expect(body.error_description).toContain(
      "presented assertion audience 'https://adls.example.com'",
    );
  });

  it('refuses an issuer no federated credential names (AADSTS700211)', async () => {
    const identity = cloud().azure.identity;
    identity.addManagedIdentity({ clientId: CLIENT_ID, principalId: PRINCIPAL_ID, name: 't' });
    identity.addFederatedCredential({
      clientId: CLIENT_ID,
      issuer: 'https://token.actions.githubusercontent.com',
      subject: ROLE_ARN,
      audiences: ['api://AzureADTokenExchange'],
    });

    const { status, body } = await requestToken(cloud(), tokenForm(await stsAssertion(cloud())));

    expect(status).toBe(401);
    expect(body.error_codes).toEqual([700211]);
    expect(body.error_description).toContain(
      `presented assertion issuer '${cloud().services.sts.issuer()}'`,
    );
  });

  it('refuses an identity without any federated credential (AADSTS70021)', async () => {
    cloud().azure.identity.addManagedIdentity({
      clientId: CLIENT_ID,
      principalId: PRINCIPAL_ID,
      name: 't',
    });

    const { status, body } = await requestToken(cloud(), tokenForm(await stsAssertion(cloud())));

    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_codes).toEqual([70021]);
    expect(body.error_description).toContain(
      `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${cloud().services.sts.issuer()}'. Assertion Subject: '${ROLE_ARN}'. Assertion Audience: 'api://AzureADTokenExchange'.`,
    );
  });

  it('refuses an expired assertion on the emulator clock (AADSTS700024)', async () => {
    trustTransferRole(cloud());
    const assertion = await stsAssertion(cloud(), { durationSeconds: 60 });
    cloud().advanceClock(61_000);

    const { status, body } = await requestToken(cloud(), tokenForm(assertion));

    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([700024]);
    expect(body.error_description).toContain(
      'Client assertion is not within its valid time range.',
    );
  });

  it('refuses an assertion whose signature does not verify (AADSTS700027)', async () => {
    trustTransferRole(cloud());
    const [header, payload, signature] = (await stsAssertion(cloud())).split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, exp: (claims.exp as number) + 86_400 }),
    ).toString('base64url');

    const { status, body } = await requestToken(
      cloud(),
      tokenForm(`${header}.${forged}.${signature}`),
    );

    expect(status).toBe(401);
    expect(body.error_codes).toEqual([700027]);
    expect(body.error_description).toContain('Client assertion failed signature validation.');
  });

  it('refuses an unknown client id (AADSTS700016), a wrong scope and an unknown tenant', async () => {
    trustTransferRole(cloud());
    const assertion = await stsAssertion(cloud());

    const unknownClient = await requestToken(cloud(), tokenForm(assertion, { client_id: 'nope' }));
    const wrongScope = await requestToken(
      cloud(),
      tokenForm(assertion, { scope: 'https://vault.azure.net/.default' }),
    );
    const noDefault = await requestToken(
      cloud(),
      tokenForm(assertion, { scope: 'https://storage.azure.com/user_impersonation' }),
    );
    const otherTenant = await requestToken(
      cloud(),
      tokenForm(assertion),
      '00000000-0000-0000-0000-000000000001',
    );

    expect([
      unknownClient.status,
      unknownClient.body.error,
      unknownClient.body.error_codes,
    ]).toEqual([400, 'unauthorized_client', [700016]]);
    expect([wrongScope.status, wrongScope.body.error, wrongScope.body.error_codes]).toEqual([
      400,
      'invalid_resource',
      [500011],
    ]);
    expect([noDefault.status, noDefault.body.error, noDefault.body.error_codes]).toEqual([
      400,
      'invalid_scope',
      [1002012],
    ]);
    expect([otherTenant.status, otherTenant.body.error, otherTenant.body.error_codes]).toEqual([
      400,
      'invalid_request',
      [90002],
    ]);
  });

  it('requires grant_type and a client assertion', async () => {
    trustTransferRole(cloud());
    const assertion = await stsAssertion(cloud());

    const noGrant = await requestToken(cloud(), tokenForm(assertion, { grant_type: '' }));
    const secret = await requestToken(cloud(), {
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      scope: STORAGE_SCOPE,
      client_secret: 'not-a-managed-identity-thing',
    });

    expect([noGrant.status, noGrant.body.error_codes]).toEqual([400, [900144]]);
    expect(noGrant.body.error_description).toContain(
      "The request body must contain the following parameter: 'grant_type'.",
    );
    expect([secret.status, secret.body.error, secret.body.error_codes]).toEqual([
      401,
      'invalid_client',
      [7000218],
    ]);
  });

  it('forgets identities and credentials on reset', async () => {
    trustTransferRole(cloud());
    const assertion = await stsAssertion(cloud());
    cloud().reset();

    const { status, body } = await requestToken(cloud(), tokenForm(assertion));

    expect(status).toBe(400);
    expect(body.error_codes).toEqual([700016]);
  });
});

describe('localcloud Azure identity: discovery documents', () => {
  it('serves OIDC metadata naming the https authority, instance discovery and the signing JWKS', async () => {
    trustTransferRole(cloud());
    const { host, origin } = new URL(cloud().azure.endpoint);
    const tenant = cloud().azure.identity.tenantId;
    const { body } = await requestToken(cloud(), tokenForm(await stsAssertion(cloud())));
    const accessToken = body.access_token as string;

    const metadata = (await (
      await fetch(`${origin}/${tenant}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    const instance = (await (
      await fetch(
        `${origin}/common/discovery/instance?api-version=1.1&authorization_endpoint=https://${host}/${tenant}/oauth2/v2.0/authorize`,
      )
    ).json()) as Record<string, unknown>;
    const jwks = (await (await fetch(`${origin}/${tenant}/discovery/v2.0/keys`)).json()) as {
      keys: (JsonWebKey & { kid: string })[];
    };

    expect(metadata).toMatchObject({
      issuer: `https://${host}/${tenant}/v2.0`,
      token_endpoint: `https://${host}/${tenant}/oauth2/v2.0/token`,
      jwks_uri: `https://${host}/${tenant}/discovery/v2.0/keys`,
    });
    expect(instance).toMatchObject({
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    });
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const kid = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string }).kid;
    const jwk = jwks.keys.find((key) => key.kid === kid)!;
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        createPublicKey({ key: jwk, format: 'jwk' }),
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });
});
