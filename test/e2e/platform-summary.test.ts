import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

describe('npm run summary', () => {
  it('synthesizes the platform offline and prints the summary', async () => {
    const { stdout } = await run('npm', ['run', 'summary', '--silent'], {
      cwd: root,
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    });

    expect(stdout).toMatch(
      /hybrid-lake · environment dev · eu-west-1 · synthesized offline in [\d.]+ s/,
    );
    expect(stdout).toMatch(/hybrid-lake-dev-alerting\s+32 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-data-lake\s+18 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-catalog\s+44 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-replication\s+31 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-network\s+63 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-streaming\s+40 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-etl\s+37 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-warehouse\s+51 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-marketplace-api\s+93 resources/);
    expect(stdout).toMatch(/hybrid-lake-dev-observability\s+1 resource\s/);
    expect(stdout).toMatch(/AWS::S3::Bucket\s+6\n/);
    for (const zone of ['landing', 'raw', 'clean', 'curated'])
      expect(stdout).toMatch(new RegExp(`\\n  ${zone} `));
    expect(stdout).toContain('expire @3d');
    expect(stdout).toContain('cdk-nag AwsSolutions: 0 unacknowledged findings');
  });

  it('summarizes another environment with --env', async () => {
    const { stdout } = await run('npm', ['run', 'summary', '--silent', '--', '--env', 'prod'], {
      cwd: root,
    });

    expect(stdout).toContain('environment prod');
    expect(stdout).toContain('IA @30d → Glacier IR @90d → Deep Archive @365d · kept forever');
  });
});
