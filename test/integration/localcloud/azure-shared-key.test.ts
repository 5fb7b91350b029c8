import { BlobServiceClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const WRONG_KEY = Buffer.alloc(64, 7).toString('base64');

function service(key = cloud().azure.accountKey): BlobServiceClient {
  return new BlobServiceClient(
    cloud().azure.endpoint,
    new StorageSharedKeyCredential(cloud().azure.accountName, key),
    {
      retryOptions: { maxTries: 1 },
    },
  );
}

async function failureOf(action: Promise<unknown>): Promise<RestError> {
  try {
    await action;
  } catch (error) {
    if (error instanceof RestError) return error;
    throw error;
  }
  throw new Error('the request succeeded');
}

describe('Azure Storage Shared Key', () => {
  it('accepts a request signed with the account key', async () => {
    await service().getContainerClient('raw').create();

    const names: string[] = [];
    for await (const container of service().listContainers()) names.push(container.name);
    expect(names).toEqual(['raw']);
  });

  it('refuses a signature made with another key: 403 AuthenticationFailed', async () => {
    const error = await failureOf(service(WRONG_KEY).getContainerClient('raw').create());

    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('AuthenticationFailed');
  });

  it('refuses an unauthenticated request: 401 NoAuthenticationInformation', async () => {
    const response = await fetch(`${cloud().azure.endpoint}/raw?restype=container`, {
      method: 'PUT',
    });

    expect(response.status).toBe(401);
    expect(response.headers.get('x-ms-error-code')).toBe('NoAuthenticationInformation');
    expect(response.headers.get('www-authenticate')).toContain(
      'resource_id=https://storage.azure.com',
    );
  });

  it('refuses Shared Key when the account disallows it: 403 KeyBasedAuthenticationNotPermitted', async () => {
    cloud().azure.setSharedKeyAccess(false);

    const error = await failureOf(service().getContainerClient('raw').create());

    expect(error.statusCode).toBe(403);
    expect(error.code).toBe('KeyBasedAuthenticationNotPermitted');
  });

  it('answers an account other than the development account with 400 InvalidUri', async () => {
    const other = new BlobServiceClient(
      cloud().azure.endpoint.replace(/devstoreaccount1$/, 'otheraccount'),
      new StorageSharedKeyCredential('otheraccount', cloud().azure.accountKey),
      { retryOptions: { maxTries: 1 } },
    );

    const error = await failureOf(other.getContainerClient('raw').create());

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidUri');
  });
});
