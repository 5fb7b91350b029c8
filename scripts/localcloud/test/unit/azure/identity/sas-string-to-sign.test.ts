import {
  AccountSASPermissions,
  ContainerSASPermissions,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import {
  accountStringToSign,
  serviceStringToSign,
} from '../../../../src/azure/identity/sas-string-to-sign';
import { parseSasTime } from '../../../../src/azure/identity/sas-time';

const KEY = Buffer.alloc(32, 1).toString('base64');
const credential = new StorageSharedKeyCredential('acct', KEY);

function fieldsOf(query: string) {
  const params = new URLSearchParams(query);
  return (name: string) => params.get(name) ?? '';
}

describe('SAS strings-to-sign', () => {
  it.each(['2026-10-06', '2020-12-06', '2019-12-12', '2018-11-09', '2017-11-09', '2015-04-05'])(
    'signs a container SAS of version %s as the SDK does',
    (version) => {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: 'raw',
          permissions: ContainerSASPermissions.parse('racwl'),
          startsOn: new Date('2030-01-01T00:00:00Z'),
          expiresOn: new Date('2030-01-02T00:00:00Z'),
          version,
          cacheControl: 'no-cache',
        },
        credential,
      );

      const computed = credential.computeHMACSHA256(
        serviceStringToSign(fieldsOf(sas.toString()), '/blob/acct/raw', ''),
      );

      expect(computed).toBe(sas.signature);
    },
  );

  it.each(['2026-10-06', '2019-12-12'])(
    'signs an account SAS of version %s as the SDK does',
    (version) => {
      const sas = generateAccountSASQueryParameters(
        {
          permissions: AccountSASPermissions.parse('rwl'),
          services: 'b',
          resourceTypes: 'sco',
          expiresOn: new Date('2030-01-02T00:00:00Z'),
          version,
        },
        credential,
      );

      const computed = credential.computeHMACSHA256(
        accountStringToSign(fieldsOf(sas.toString()), 'acct'),
      );

      expect(computed).toBe(sas.signature);
    },
  );
});

describe('SAS times', () => {
  it.each([
    ['2030-01-02', '2030-01-02T00:00:00.000Z'],
    ['2030-01-02T03:04Z', '2030-01-02T03:04:00.000Z'],
    ['2030-01-02T03:04:05Z', '2030-01-02T03:04:05.000Z'],
    ['2030-01-02T03:04:05.1234567Z', '2030-01-02T03:04:05.123Z'],
  ])('reads %s', (text, iso) => {
    expect(parseSasTime(text)?.toISOString()).toBe(iso);
  });

  it.each(['2030-02-30', '2030-01-02T03:04:05', 'tomorrow', ''])('refuses %s', (text) => {
    expect(parseSasTime(text)).toBeUndefined();
  });
});
