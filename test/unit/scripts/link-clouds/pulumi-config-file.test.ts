import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LinkInputError } from '../../../../scripts/link-clouds/errors';
import { setPulumiConfig } from '../../../../scripts/link-clouds/pulumi-config-file';

const fixture = readFileSync(join(__dirname, 'fixtures', 'Pulumi.dev.yaml'), 'utf8');
const issuer = 'https://3f1c9a52-7d4e-4b8a-9c61-0e2f5b7a8d13.tokens.sts.global.api.aws';
const role = 'arn:aws:iam::123456789012:role/hybrid-lake-dev-replication-TransferRole-Q2w3';
const values = { 'hybrid-lake:awsIssuerUrl': issuer, 'hybrid-lake:transferRoleArn': role };

describe('setPulumiConfig', () => {
  it('replaces a key in place and appends a new one, leaving every other line as written', () => {
    const { text, changes } = setPulumiConfig(fixture, values, 'Pulumi.dev.yaml');

    expect(changes).toEqual([
      { key: 'hybrid-lake:awsIssuerUrl', before: 'https://old-issuer.example', after: issuer },
      { key: 'hybrid-lake:transferRoleArn', before: undefined, after: role },
    ]);
    expect(text).toBe(
      fixture
        .replace(
          '  hybrid-lake:awsIssuerUrl: https://old-issuer.example',
          `  hybrid-lake:awsIssuerUrl: "${issuer}"`,
        )
        .replace(
          '    secure: v1:ZmFrZQ==:v1:AAAA\n',
          `    secure: v1:ZmFrZQ==:v1:AAAA\n  hybrid-lake:transferRoleArn: "${role}"\n`,
        ),
    );
  });

  it('changes nothing on a second run', () => {
    const first = setPulumiConfig(fixture, values, 'Pulumi.dev.yaml').text;
    const second = setPulumiConfig(first, values, 'Pulumi.dev.yaml');

    expect(second.text).toBe(first);
    expect(second.changes.every((change) => change.before === change.after)).toBe(true);
  });

  it('reads plain and single-quoted values as `pulumi config set` and people write them', () => {
    const written = [
      'config:',
      `  hybrid-lake:awsIssuerUrl: ${issuer} # from the AWS side`,
      `  'hybrid-lake:transferRoleArn': '${role}'`,
      '',
    ].join('\n');

    const { text, changes } = setPulumiConfig(written, values, 'Pulumi.dev.yaml');

    expect(changes.map((change) => change.before)).toEqual([issuer, role]);
    expect(text).toBe(written);
  });

  it('replaces a nested value (e.g. a secret) whole, with all its lines', () => {
    const written = [
      'config:',
      '  hybrid-lake:awsIssuerUrl:',
      '    secure: v1:abc',
      '  hybrid-lake:location: westeurope',
      '',
    ].join('\n');

    const { text, changes } = setPulumiConfig(written, { 'hybrid-lake:awsIssuerUrl': issuer }, 'f');

    expect(changes).toEqual([
      { key: 'hybrid-lake:awsIssuerUrl', before: undefined, after: issuer },
    ]);
    expect(text).toBe(
      [
        'config:',
        `  hybrid-lake:awsIssuerUrl: "${issuer}"`,
        '  hybrid-lake:location: westeurope',
        '',
      ].join('\n'),
    );
  });

  it('creates the config block, or the whole file, when there is none', () => {
    expect(setPulumiConfig(undefined, values, 'f').text).toBe(
      `config:\n  hybrid-lake:awsIssuerUrl: "${issuer}"\n  hybrid-lake:transferRoleArn: "${role}"\n`,
    );
    expect(setPulumiConfig('secretsprovider: passphrase\n', { k: 'v' }, 'f').text).toBe(
      'secretsprovider: passphrase\nconfig:\n  k: "v"\n',
    );
  });

  it('keeps the indentation and line endings the file uses, and keys outside config alone', () => {
    const written = 'config:\r\n    hybrid-lake:location: westeurope\r\nother:\r\n  k: "x"\r\n';

    expect(setPulumiConfig(written, { k: 'v' }, 'f').text).toBe(
      'config:\r\n    hybrid-lake:location: westeurope\r\n    k: "v"\r\nother:\r\n  k: "x"\r\n',
    );
  });

  it('escapes what a double-quoted YAML scalar must escape', () => {
    expect(setPulumiConfig(undefined, { k: 'a "b" \\ c' }, 'f').text).toBe(
      'config:\n  k: "a \\"b\\" \\\\ c"\n',
    );
  });

  it('refuses an inline (flow-style) config block rather than guess', () => {
    expect(() => setPulumiConfig('config: {}\n', values, 'Pulumi.dev.yaml')).toThrow(
      LinkInputError,
    );
    expect(() => setPulumiConfig('config: {}\n', values, 'Pulumi.dev.yaml')).toThrow(
      'Pulumi.dev.yaml: "config:" is written inline',
    );
  });
});
