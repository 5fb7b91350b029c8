import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const client = () => new SecretsManagerClient(cloud().clientConfig);
const DAY_MS = 24 * 60 * 60 * 1000;
const service = () => cloud().services.secretsmanager;

describe('localcloud Secrets Manager: CreateSecret', () => {
  it('creates a secret whose ARN ends with a hyphen and 6 random characters', async () => {
    const created = await client().send(
      new CreateSecretCommand({ Name: 'prod/redshift/admin', SecretString: '{"user":"admin"}' }),
    );

    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:us-east-1:000000000000:secret:prod\/redshift\/admin-[A-Za-z0-9]{6}$/,
    );
    expect(created.Name).toBe('prod/redshift/admin');
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is idempotent for a retry with the same ClientRequestToken and value', async () => {
    const token = 'a'.repeat(32);
    const first = await client().send(
      new CreateSecretCommand({ Name: 'db', SecretString: 'x', ClientRequestToken: token }),
    );

    const retry = await client().send(
      new CreateSecretCommand({ Name: 'db', SecretString: 'x', ClientRequestToken: token }),
    );

    expect(retry).toMatchObject({ ARN: first.ARN, VersionId: token });
  });

  it('refuses an existing name with ResourceExistsException', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));

    await expect(
      client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'y' })),
    ).rejects.toMatchObject({
      name: 'ResourceExistsException',
      message: 'The operation failed because the secret db already exists.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects an invalid name and both value kinds at once', async () => {
    await expect(
      client().send(new CreateSecretCommand({ Name: 'bad name!', SecretString: 'x' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      client().send(
        new CreateSecretCommand({
          Name: 'both',
          SecretString: 'x',
          SecretBinary: Buffer.from('y'),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "You can't specify both a binary secret value and a string secret value in the same secret.",
    });
  });

  it('rejects a ClientRequestToken shorter than 32 characters', async () => {
    await expect(
      client().send(
        new CreateSecretCommand({ Name: 'db', SecretString: 'x', ClientRequestToken: 'short' }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
  });
});

describe('localcloud Secrets Manager: values and versions', () => {
  it('reads by name and by full ARN, string and binary', async () => {
    const text = await client().send(
      new CreateSecretCommand({ Name: 'text', SecretString: 'hunter2' }),
    );
    await client().send(
      new CreateSecretCommand({ Name: 'blob', SecretBinary: Buffer.from([1, 2, 3]) }),
    );

    const byArn = await client().send(new GetSecretValueCommand({ SecretId: text.ARN }));
    const blob = await client().send(new GetSecretValueCommand({ SecretId: 'blob' }));

    expect(byArn).toMatchObject({
      Name: 'text',
      SecretString: 'hunter2',
      VersionStages: ['AWSCURRENT'],
    });
    expect(byArn.CreatedDate).toBeInstanceOf(Date);
    expect(Buffer.from(blob.SecretBinary!)).toEqual(Buffer.from([1, 2, 3]));
  });

  it('PutSecretValue makes the new version AWSCURRENT and the old one AWSPREVIOUS', async () => {
    const created = await client().send(
      new CreateSecretCommand({ Name: 'db', SecretString: 'v1' }),
    );

    const put = await client().send(
      new PutSecretValueCommand({ SecretId: 'db', SecretString: 'v2' }),
    );

    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    const current = await client().send(new GetSecretValueCommand({ SecretId: 'db' }));
    const previous = await client().send(
      new GetSecretValueCommand({ SecretId: 'db', VersionStage: 'AWSPREVIOUS' }),
    );
    const byId = await client().send(
      new GetSecretValueCommand({ SecretId: 'db', VersionId: created.VersionId }),
    );
    expect(current.SecretString).toBe('v2');
    expect(previous).toMatchObject({ SecretString: 'v1', VersionId: created.VersionId });
    expect(byId.VersionStages).toEqual(['AWSPREVIOUS']);
  });

  it('PutSecretValue is idempotent per token and refuses a changed value under it', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'v1' }));
    const token = 'b'.repeat(40);
    await client().send(
      new PutSecretValueCommand({ SecretId: 'db', SecretString: 'v2', ClientRequestToken: token }),
    );

    const retry = await client().send(
      new PutSecretValueCommand({ SecretId: 'db', SecretString: 'v2', ClientRequestToken: token }),
    );

    expect(retry.VersionId).toBe(token);
    await expect(
      client().send(
        new PutSecretValueCommand({
          SecretId: 'db',
          SecretString: 'v3',
          ClientRequestToken: token,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceExistsException' });
  });

  it('answers a missing secret or version with ResourceNotFoundException', async () => {
    await client().send(new CreateSecretCommand({ Name: 'empty' }));

    await expect(
      client().send(new GetSecretValueCommand({ SecretId: 'nope' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client().send(new GetSecretValueCommand({ SecretId: 'empty' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message:
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    });
  });

  it('UpdateSecret changes the description and adds a version', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'v1' }));

    const updated = await client().send(
      new UpdateSecretCommand({ SecretId: 'db', Description: 'rotated', SecretString: 'v2' }),
    );

    const described = await client().send(new DescribeSecretCommand({ SecretId: 'db' }));
    expect(described.Description).toBe('rotated');
    expect(described.VersionIdsToStages?.[updated.VersionId!]).toEqual(['AWSCURRENT']);
    expect(Object.values(described.VersionIdsToStages ?? {})).toContainEqual(['AWSPREVIOUS']);
  });
});

describe('localcloud Secrets Manager: describe and list', () => {
  it('DescribeSecret shows tags, KMS key and dates', async () => {
    await client().send(
      new CreateSecretCommand({
        Name: 'db',
        SecretString: 'x',
        Description: 'warehouse',
        KmsKeyId: 'alias/lake',
        Tags: [{ Key: 'zone', Value: 'curated' }],
      }),
    );

    const described = await client().send(new DescribeSecretCommand({ SecretId: 'db' }));

    expect(described).toMatchObject({
      Name: 'db',
      Description: 'warehouse',
      KmsKeyId: 'alias/lake',
      Tags: [{ Key: 'zone', Value: 'curated' }],
    });
    expect(described.CreatedDate).toBeInstanceOf(Date);
  });

  it('pages with MaxResults/NextToken and filters by name prefix', async () => {
    for (const name of ['app/a', 'app/b', 'app/c', 'other']) {
      await client().send(new CreateSecretCommand({ Name: name, SecretString: name }));
    }

    const first = await client().send(new ListSecretsCommand({ MaxResults: 2 }));
    const second = await client().send(
      new ListSecretsCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    const filtered = await client().send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['app/'] }] }),
    );

    expect(first.SecretList?.map((s) => s.Name)).toEqual(['app/a', 'app/b']);
    expect(second.SecretList?.map((s) => s.Name)).toEqual(['app/c', 'other']);
    expect(second.NextToken).toBeUndefined();
    expect(filtered.SecretList?.map((s) => s.Name)).toEqual(['app/a', 'app/b', 'app/c']);
    expect(first.SecretList?.[0]?.SecretVersionsToStages).toBeDefined();
  });

  it('rejects MaxResults above 100', async () => {
    await expect(client().send(new ListSecretsCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('localcloud Secrets Manager: deletion', () => {
  it('schedules deletion 30 days out by default and blocks reads until restored', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));
    const before = Date.now();

    const deleted = await client().send(new DeleteSecretCommand({ SecretId: 'db' }));

    expect(deleted.DeletionDate!.getTime()).toBeGreaterThanOrEqual(before + 30 * DAY_MS - 1000);
    await expect(
      client().send(new GetSecretValueCommand({ SecretId: 'db' })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: "You can't perform this operation on the secret because it was marked for deletion.",
      $metadata: { httpStatusCode: 400 },
    });
    const described = await client().send(new DescribeSecretCommand({ SecretId: 'db' }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
    const listed = await client().send(new ListSecretsCommand({}));
    expect(listed.SecretList).toEqual([]);

    await client().send(new RestoreSecretCommand({ SecretId: 'db' }));
    const value = await client().send(new GetSecretValueCommand({ SecretId: 'db' }));
    expect(value.SecretString).toBe('x');
  });

  it('refuses a recovery window outside 7..30 and combined with force', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));

    await expect(
      client().send(new DeleteSecretCommand({ SecretId: 'db', RecoveryWindowInDays: 6 })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    });
    await expect(
      client().send(
        new DeleteSecretCommand({
          SecretId: 'db',
          RecoveryWindowInDays: 7,
          ForceDeleteWithoutRecovery: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses to create a secret whose name is scheduled for deletion', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));
    await client().send(new DeleteSecretCommand({ SecretId: 'db', RecoveryWindowInDays: 7 }));

    await expect(
      client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'y' })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });

  it('purges the secret once the recovery window has passed on the emulator clock', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));
    await client().send(new DeleteSecretCommand({ SecretId: 'db', RecoveryWindowInDays: 7 }));

    cloud().advanceClock(7 * DAY_MS + 1000);

    expect(service().secretNames()).toEqual([]);
    cloud().advanceClock(-(7 * DAY_MS + 1000));
  });

  it('ForceDeleteWithoutRecovery removes the secret at once', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));

    await client().send(
      new DeleteSecretCommand({ SecretId: 'db', ForceDeleteWithoutRecovery: true }),
    );

    await expect(
      client().send(new DescribeSecretCommand({ SecretId: 'db' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client().send(new RestoreSecretCommand({ SecretId: 'db' }))).rejects.toMatchObject(
      { name: 'ResourceNotFoundException' },
    );
  });
});

describe('localcloud Secrets Manager: persistence', () => {
  it('restores a snapshot', async () => {
    await client().send(new CreateSecretCommand({ Name: 'db', SecretString: 'x' }));
    const state: unknown = JSON.parse(JSON.stringify(service().snapshot!()));

    service().reset();
    service().restore!(state);

    const value = await client().send(new GetSecretValueCommand({ SecretId: 'db' }));
    expect(value.SecretString).toBe('x');
  });
});
