import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..', '..', '..');

/** The environment of a machine with no AWS credentials and no network but the registry. */
function offlineEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_EC2_METADATA_DISABLED: 'true',
    CI: 'true',
  };
  for (const name of Object.keys(environment)) {
    if (name.startsWith('AWS_') && name !== 'AWS_EC2_METADATA_DISABLED') delete environment[name];
  }
  return environment;
}

describe('the real CDK CLI, offline', () => {
  it.each(['dev', 'prod'])('synthesizes every %s stack through cdk.json', async (environment) => {
    const outdir = mkdtempSync(join(tmpdir(), 'hybrid-lake-cli-'));

    const { stdout, stderr } = await run(
      join(root, 'node_modules', '.bin', 'cdk'),
      ['synth', '--all', '-c', `env=${environment}`, '--output', outdir, '--quiet'],
      { cwd: root, env: offlineEnvironment() },
    );

    expect(`${stdout}${stderr}`).toContain('Successfully synthesized');
    expect(
      readdirSync(outdir)
        .filter((file) => file.endsWith('.template.json'))
        .sort(),
    ).toEqual([
      `hybrid-lake-${environment}-alerting.template.json`,
      `hybrid-lake-${environment}-catalog.template.json`,
      `hybrid-lake-${environment}-data-lake.template.json`,
      `hybrid-lake-${environment}-etl.template.json`,
      `hybrid-lake-${environment}-marketplace-api.template.json`,
      `hybrid-lake-${environment}-network.template.json`,
      `hybrid-lake-${environment}-observability.template.json`,
      `hybrid-lake-${environment}-replication.template.json`,
      `hybrid-lake-${environment}-streaming.template.json`,
      `hybrid-lake-${environment}-warehouse.template.json`,
    ]);
  });

  it('fails with the platform error when the environment does not exist', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'hybrid-lake-cli-'));

    await expect(
      run(
        join(root, 'node_modules', '.bin', 'cdk'),
        ['synth', '-c', 'env=staging', '--output', outdir],
        {
          cwd: root,
          env: offlineEnvironment(),
        },
      ),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining(
        'environments.staging: unknown environment (defined: dev, prod)',
      ),
    });
  });
});
