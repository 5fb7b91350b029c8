import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolUnavailableError } from '../../../../scripts/link-clouds/errors';
import { EXIT, main, runCommand, type CommandRunner } from '../../../../scripts/link-clouds/main';

const fixtures = join(__dirname, 'fixtures');
const issuer = 'https://3f1c9a52-7d4e-4b8a-9c61-0e2f5b7a8d13.tokens.sts.global.api.aws';

/** A fresh repository root holding the fixtures; the runner serves outputs as the CLIs would. */
function setUp(run: CommandRunner = () => Promise.reject(new Error('no CLI in unit tests'))) {
  const root = mkdtempSync(join(tmpdir(), 'link-clouds-'));
  for (const name of ['cdk-outputs.json', 'pulumi-outputs.json', 'Pulumi.dev.yaml']) {
    copyFileSync(join(fixtures, name), join(root, name));
  }
  const out: string[] = [];
  const err: string[] = [];
  const calls: string[][] = [];
  const link = (...argv: string[]) =>
    main(argv, {
      root,
      run: (command, args) => {
        calls.push([command, ...args]);
        return run(command, args);
      },
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
    });
  const read = (name: string) => readFileSync(join(root, name), 'utf8');
  return { root, out, err, calls, link, read };
}

describe('link-clouds --to pulumi', () => {
  it('writes the issuer and role into Pulumi.<stack>.yaml, then changes nothing on a re-run', async () => {
    const { out, link, read } = setUp();

    expect(await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json')).toBe(EXIT.linked);
    const written = read('Pulumi.dev.yaml');
    expect(written).toContain(`  hybrid-lake:awsIssuerUrl: "${issuer}"\n`);
    expect(written).toMatch(/ {2}hybrid-lake:transferRoleArn: "arn:aws:iam::123456789012:role\//);
    expect(written).toContain('    - 198.51.100.0/24 # NAT gateways\n');
    expect(out.join('\n')).toContain(
      `hybrid-lake:awsIssuerUrl: https://old-issuer.example → ${issuer}`,
    );

    out.length = 0;
    expect(await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json')).toBe(EXIT.linked);
    expect(read('Pulumi.dev.yaml')).toBe(written);
    expect(out).toContain('Nothing to change.');
  });

  it("adds the NAT address to the user's allowedIpRanges, keeping their entries and comments", async () => {
    const { out, link, read } = setUp();

    expect(await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json')).toBe(EXIT.linked);
    expect(read('Pulumi.dev.yaml')).toContain(
      [
        '  hybrid-lake:allowedIpRanges:',
        '    - 203.0.113.10',
        '    - 198.51.100.0/24 # NAT gateways',
        '    - 192.0.2.44',
        '',
      ].join('\n'),
    );
    expect(read('Pulumi.dev.yaml')).toContain('  hybrid-lake:awsEgressIps: "192.0.2.44"\n');
    expect(out.join('\n')).toContain(
      'hybrid-lake:allowedIpRanges: 203.0.113.10, 198.51.100.0/24 → 203.0.113.10, 198.51.100.0/24, 192.0.2.44',
    );
  });

  it('replaces the addresses it wrote before when AWS exports new ones, and no user entry', async () => {
    const { root, out, link, read } = setUp();
    await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json');
    const outputs = JSON.parse(read('cdk-outputs.json')) as Record<string, Record<string, string>>;
    outputs['hybrid-lake-dev-replication']!.TransferEgressIps = '192.0.2.50,192.0.2.51';
    writeFileSync(join(root, 'cdk-outputs.json'), JSON.stringify(outputs));

    out.length = 0;
    expect(await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json')).toBe(EXIT.linked);
    const written = read('Pulumi.dev.yaml');
    expect(written).toContain(
      '    - 198.51.100.0/24 # NAT gateways\n    - 192.0.2.50\n    - 192.0.2.51\n',
    );
    expect(written).not.toContain('192.0.2.44');
    expect(written).toContain('  hybrid-lake:awsEgressIps: "192.0.2.50,192.0.2.51"\n');

    out.length = 0;
    expect(await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json')).toBe(EXIT.linked);
    expect(read('Pulumi.dev.yaml')).toBe(written);
    expect(out).toContain('Nothing to change.');
  });

  it('prints the change and writes nothing with --dry-run', async () => {
    const { out, link, read } = setUp();
    const before = read('Pulumi.dev.yaml');

    expect(await link('--to', 'pulumi', '--aws-outputs', 'cdk-outputs.json', '--dry-run')).toBe(
      EXIT.linked,
    );
    expect(read('Pulumi.dev.yaml')).toBe(before);
    expect(out).toContain('Dry run: nothing written.');
    expect(out.join('\n')).toMatch(/hybrid-lake:transferRoleArn: arn:aws:iam::\S+ \(new\)/);
  });

  it('asks CloudFormation through the aws CLI when no outputs file is given', async () => {
    const describeStacks = readFileSync(join(fixtures, 'describe-stacks.json'), 'utf8');
    const { calls, link, read } = setUp(() => Promise.resolve(describeStacks));

    expect(
      await link('--to', 'pulumi', '--stack', 'staging', '--config-file', 'Pulumi.staging.yaml'),
    ).toBe(EXIT.linked);
    expect(calls).toEqual([
      [
        'aws',
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        'hybrid-lake-dev-replication',
        '--region',
        'eu-west-1',
        '--output',
        'json',
      ],
    ]);
    expect(read('Pulumi.staging.yaml')).toContain(`hybrid-lake:awsIssuerUrl: "${issuer}"`);
  });

  it('exits 3 with the way out when the aws CLI is missing', async () => {
    const { err, link } = setUp(() =>
      Promise.reject(new ToolUnavailableError('aws is not installed; pass --aws-outputs <file>')),
    );

    expect(await link('--to', 'pulumi')).toBe(EXIT.tool);
    expect(err.join('\n')).toContain('pass --aws-outputs <file>');
  });

  it('exits 2, writing nothing, when the outputs are not usable', async () => {
    const { err, link, root } = setUp();

    expect(await link('--to', 'pulumi', '--env', 'prod', '--aws-outputs', 'cdk-outputs.json')).toBe(
      EXIT.input,
    );
    expect(err.join('\n')).toContain('no outputs of stack hybrid-lake-prod-replication');
    expect(existsSync(join(root, 'Pulumi.prod.yaml'))).toBe(false);
    expect(await link('--to', 'pulumi', '--aws-outputs', 'missing.json')).toBe(EXIT.input);
    expect(err.join('\n')).toContain('missing.json: no such file');
  });
});

describe('link-clouds --to aws', () => {
  it('writes azureTargets.<env> into cdk.context.json, then changes nothing on a re-run', async () => {
    const { out, link, read } = setUp();

    expect(await link('--to', 'aws', '--pulumi-outputs', 'pulumi-outputs.json')).toBe(EXIT.linked);
    const written = read('cdk.context.json');
    expect(JSON.parse(written)).toEqual({
      azureTargets: {
        dev: {
          adlsAccountUrl: 'https://hybridlakedevst7k2q.blob.core.windows.net',
          azureTenantId: '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4',
          azureClientId: '5b0d6c2e-8f14-4a37-b9e2-71c4d3a8f065',
        },
      },
    });
    expect(out).toContain('Next: npx cdk deploy -c env=dev hybrid-lake-dev-replication');

    out.length = 0;
    expect(await link('--to', 'aws', '--pulumi-outputs', 'pulumi-outputs.json')).toBe(EXIT.linked);
    expect(read('cdk.context.json')).toBe(written);
    expect(out).toContain('Nothing to change.');
  });

  it('runs `pulumi stack output --json` for the stack when no file is given', async () => {
    const pulumiOutputs = readFileSync(join(fixtures, 'pulumi-outputs.json'), 'utf8');
    const { calls, link, read } = setUp(() => Promise.resolve(pulumiOutputs));

    expect(await link('--to', 'aws', '--stack', 'dev-weu')).toBe(EXIT.linked);
    expect(calls).toEqual([['pulumi', 'stack', 'output', '--json', '--stack', 'dev-weu']]);
    expect(JSON.parse(read('cdk.context.json'))).toHaveProperty('azureTargets.dev');
  });

  it('writes nothing with --dry-run', async () => {
    const { out, link, root } = setUp();

    expect(await link('--to', 'aws', '--pulumi-outputs', 'pulumi-outputs.json', '--dry-run')).toBe(
      EXIT.linked,
    );
    expect(existsSync(join(root, 'cdk.context.json'))).toBe(false);
    expect(out.join('\n')).toContain(
      'azureTargets.dev.adlsAccountUrl: https://hybridlakedevst7k2q.blob.core.windows.net (new)',
    );
  });

  it('exits 2 on a usage mistake, with the usage', async () => {
    const { err, link } = setUp();

    expect(await link('--to', 'gcp')).toBe(EXIT.input);
    expect(err.join('\n')).toContain('Usage: npm run link-clouds');
  });
});

describe('runCommand', () => {
  it('names a missing CLI and how to do without it', async () => {
    await expect(runCommand('pulumi-not-installed-here', ['stack'])).rejects.toThrow(
      ToolUnavailableError,
    );
    await expect(runCommand('pulumi-not-installed-here', ['stack'])).rejects.toThrow(
      'pulumi-not-installed-here is not installed',
    );
  });

  it('reports a failing CLI with its own error output', async () => {
    await expect(
      runCommand(process.execPath, ['-e', 'console.error("no stack selected"); process.exit(1)']),
    ).rejects.toThrow(/failed: no stack selected$/);
  });

  it('returns what the CLI printed', async () => {
    await expect(runCommand(process.execPath, ['-e', 'console.log("{}")'])).resolves.toBe('{}\n');
  });
});
