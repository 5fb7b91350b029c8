import { createHmac } from 'node:crypto';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  AnonymousCredential,
  BlobSASPermissions,
  BlobServiceClient,
  ContainerClient,
  ContainerSASPermissions,
  SASProtocol,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
  type RestError,
} from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import { sharedKeyBlobClient } from './azure-identity-fixtures';

const cloud = useLocalCloud();
const HOUR = 3600 * 1000;

function keyCredential(): StorageSharedKeyCredential {
  return new StorageSharedKeyCredential(cloud().azure.accountName, cloud().azure.accountKey);
}

function detailsOf(error: RestError): { errorCode?: string; authenticationErrorDetail?: string } {
  return error.details as { errorCode?: string; authenticationErrorDetail?: string };
}

async function failureOf(action: Promise<unknown>): Promise<RestError> {
  return (await action.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  )) as RestError;
}

/** The container URL with a SAS query, used with no other credential. */
function sasContainer(container: string, sas: string): ContainerClient {
  return new ContainerClient(
    `${cloud().azure.endpoint}/${container}?${sas}`,
    new AnonymousCredential(),
  );
}

beforeEach(async () => {
  const admin = sharedKeyBlobClient(cloud());
  await admin.createContainer('raw');
  await admin.createContainer('curated');
  await admin.getContainerClient('raw').getBlockBlobClient('seed.csv').upload('a,b\n', 4);
});

describe('localcloud Azure identity: service SAS', () => {
  it('accepts a container SAS from ContainerClient.generateSasUrl for its own container only', async () => {
    const url = await sharedKeyBlobClient(cloud())
      .getContainerClient('raw')
      .generateSasUrl({
        permissions: ContainerSASPermissions.parse('racwl'),
        expiresOn: new Date(Date.now() + HOUR),
      });
    const sas = new URL(url).search.slice(1);

    await sasContainer('raw', sas).getBlockBlobClient('by-sas.csv').upload('x', 1);
    const names: string[] = [];
    for await (const blob of sasContainer('raw', sas).listBlobsFlat()) names.push(blob.name);
    const elsewhere = await failureOf(
      sasContainer('curated', sas).getBlockBlobClient('by-sas.csv').upload('x', 1),
    );

    expect(names).toEqual(['by-sas.csv', 'seed.csv']);
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.code).toBe('AuthenticationFailed');
    expect(detailsOf(elsewhere).authenticationErrorDetail).toContain(
      `/blob/${cloud().azure.accountName}/curated\n`,
    );
  });

  it('enforces the SAS permission letters through the operation it authorizes', async () => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: 'raw',
        blobName: 'seed.csv',
        permissions: BlobSASPermissions.parse('r'),
        expiresOn: new Date(Date.now() + HOUR),
      },
      keyCredential(),
    ).toString();

    const content = await sasContainer('raw', sas).getBlobClient('seed.csv').downloadToBuffer();
    const write = await failureOf(
      sasContainer('raw', sas).getBlockBlobClient('seed.csv').upload('y', 1),
    );
    const otherBlob = await failureOf(
      sasContainer('raw', sas).getBlockBlobClient('other.csv').upload('y', 1),
    );

    expect(content.toString()).toBe('a,b\n');
    expect([write.statusCode, write.code]).toEqual([403, 'AuthorizationPermissionMismatch']);
    expect([otherBlob.statusCode, otherBlob.code]).toEqual([403, 'AuthenticationFailed']);
  });

  it('refuses a SAS past its expiry or before its start on the emulator clock', async () => {
    const now = Date.now();
    const sasFor = (startsOn: Date, expiresOn: Date) =>
      generateBlobSASQueryParameters(
        {
          containerName: 'raw',
          permissions: ContainerSASPermissions.parse('rl'),
          startsOn,
          expiresOn,
        },
        keyCredential(),
      ).toString();
    const current = sasFor(new Date(now - HOUR), new Date(now + HOUR));
    const future = sasFor(new Date(now + 2 * HOUR), new Date(now + 3 * HOUR));
    cloud().advanceClock(2 * HOUR);

    const expired = await failureOf(
      sasContainer('raw', current).getBlobClient('seed.csv').download(),
    );
    cloud().reset();
    const early = await failureOf(sasContainer('raw', future).getBlobClient('seed.csv').download());

    expect([expired.statusCode, expired.code]).toEqual([403, 'AuthenticationFailed']);
    expect(detailsOf(expired).authenticationErrorDetail).toMatch(
      /^Signature not valid in the specified time frame: Start \[.+ GMT\] - Expiry \[.+ GMT\] - Current \[.+ GMT\]$/,
    );
    expect([early.statusCode, early.code]).toEqual([403, 'AuthenticationFailed']);
    expect(detailsOf(early).authenticationErrorDetail).toContain(
      'Signature not valid in the specified time frame',
    );
  });

  it('refuses an expiry before the start, a wrong signature and an https-only SAS', async () => {
    const now = Date.now();
    const base = { containerName: 'raw', permissions: ContainerSASPermissions.parse('rl') };
    const inverted = generateBlobSASQueryParameters(
      { ...base, startsOn: new Date(now + HOUR), expiresOn: new Date(now - HOUR) },
      keyCredential(),
    ).toString();
    const httpsOnly = generateBlobSASQueryParameters(
      { ...base, expiresOn: new Date(now + HOUR), protocol: SASProtocol.Https },
      keyCredential(),
    ).toString();
    const wrongKey = generateBlobSASQueryParameters(
      { ...base, expiresOn: new Date(now + HOUR) },
      new StorageSharedKeyCredential(
        cloud().azure.accountName,
        Buffer.alloc(64, 7).toString('base64'),
      ),
    ).toString();

    const invertedError = await failureOf(
      sasContainer('raw', inverted).getBlobClient('seed.csv').download(),
    );
    const protocolError = await failureOf(
      sasContainer('raw', httpsOnly).getBlobClient('seed.csv').download(),
    );
    const signatureError = await failureOf(
      sasContainer('raw', wrongKey).getBlobClient('seed.csv').download(),
    );

    expect(detailsOf(invertedError).authenticationErrorDetail).toMatch(
      /^Signed expiry time \[.+ GMT\] must be after signed start time \[.+ GMT\]$/,
    );
    expect([protocolError.statusCode, protocolError.code]).toEqual([
      403,
      'AuthorizationProtocolMismatch',
    ]);
    expect([signatureError.statusCode, signatureError.code]).toEqual([403, 'AuthenticationFailed']);
  });

  it.each([
    [
      '2020-12-06',
      (sp: string, se: string, resource: string) => [
        sp,
        '',
        se,
        resource,
        '',
        '',
        'https,http',
        '2020-12-06',
        'c',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ],
    [
      '2018-11-09',
      (sp: string, se: string, resource: string) => [
        sp,
        '',
        se,
        resource,
        '',
        '',
        'https,http',
        '2018-11-09',
        'c',
        '',
        '',
        '',
        '',
        '',
        '',
      ],
    ],
    [
      '2015-04-05',
      (sp: string, se: string, resource: string) => [
        sp,
        '',
        se,
        resource,
        '',
        '',
        'https,http',
        '2015-04-05',
        '',
        '',
        '',
        '',
        '',
      ],
    ],
  ])(
    'accepts a container SAS hand-built from the documented %s string-to-sign',
    async (version, lines) => {
      const se = '2099-01-01T00:00:00Z';
      const stringToSign = lines('rl', se, `/blob/${cloud().azure.accountName}/raw`).join('\n');
      const sig = createHmac('sha256', Buffer.from(cloud().azure.accountKey, 'base64'))
        .update(stringToSign, 'utf8')
        .digest('base64');
      const query = new URLSearchParams({
        sv: version,
        spr: 'https,http',
        se,
        sr: 'c',
        sp: 'rl',
        sig,
      });

      const names: string[] = [];
      for await (const blob of sasContainer('raw', query.toString()).listBlobsFlat())
        names.push(blob.name);

      expect(names).toEqual(['seed.csv']);
    },
  );
});

describe('localcloud Azure identity: account SAS', () => {
  it('accepts a SAS from BlobServiceClient.generateAccountSasUrl for the resource types it names', async () => {
    const admin = sharedKeyBlobClient(cloud());
    const sasUrl = admin.generateAccountSasUrl(
      new Date(Date.now() + HOUR),
      AccountSASPermissions.parse('rwlc'),
      AccountSASResourceTypes.parse('sco').toString(),
    );
    const objectsOnly = admin.generateAccountSasUrl(
      new Date(Date.now() + HOUR),
      AccountSASPermissions.parse('rwlc'),
      AccountSASResourceTypes.parse('o').toString(),
    );
    const service = new BlobServiceClient(sasUrl, new AnonymousCredential());

    const containers: string[] = [];
    for await (const container of service.listContainers()) containers.push(container.name);
    await service.getContainerClient('curated').getBlockBlobClient('a.csv').upload('z', 1);
    const listRefused = await failureOf(
      new BlobServiceClient(objectsOnly, new AnonymousCredential()).listContainers().next(),
    );

    expect(containers).toEqual(['curated', 'raw']);
    expect([listRefused.statusCode, listRefused.code]).toEqual([
      403,
      'AuthorizationResourceTypeMismatch',
    ]);
  });

  it('refuses an account SAS for another service or without the needed permission', async () => {
    const admin = sharedKeyBlobClient(cloud());
    const queueSas = generateAccountSASQueryParameters(
      {
        expiresOn: new Date(Date.now() + HOUR),
        permissions: AccountSASPermissions.parse('rwl'),
        resourceTypes: 'sco',
        services: AccountSASServices.parse('q').toString(),
      },
      keyCredential(),
    ).toString();
    const queueOnly = `${cloud().azure.endpoint}?${queueSas}`;
    const readOnly = admin.generateAccountSasUrl(
      new Date(Date.now() + HOUR),
      AccountSASPermissions.parse('rl'),
      'sco',
    );

    const serviceError = await failureOf(
      new BlobServiceClient(queueOnly, new AnonymousCredential())
        .getContainerClient('raw')
        .getBlobClient('seed.csv')
        .download(),
    );
    const writeError = await failureOf(
      new BlobServiceClient(readOnly, new AnonymousCredential())
        .getContainerClient('raw')
        .getBlockBlobClient('n')
        .upload('1', 1),
    );

    expect([serviceError.statusCode, serviceError.code]).toEqual([
      403,
      'AuthorizationServiceMismatch',
    ]);
    expect([writeError.statusCode, writeError.code]).toEqual([
      403,
      'AuthorizationPermissionMismatch',
    ]);
  });

  it('accepts an account SAS hand-built from the documented string-to-sign', async () => {
    const se = '2099-01-01T00:00:00Z';
    const version = '2021-08-06';
    const stringToSign = `${[cloud().azure.accountName, 'rl', 'b', 'sco', '', se, '', 'https,http', version, ''].join('\n')}\n`;
    const sig = createHmac('sha256', Buffer.from(cloud().azure.accountKey, 'base64'))
      .update(stringToSign, 'utf8')
      .digest('base64');
    const query = new URLSearchParams({
      sv: version,
      ss: 'b',
      srt: 'sco',
      sp: 'rl',
      se,
      spr: 'https,http',
      sig,
    });

    const content = await sasContainer('raw', query.toString())
      .getBlobClient('seed.csv')
      .downloadToBuffer();

    expect(content.toString()).toBe('a,b\n');
  });
});
