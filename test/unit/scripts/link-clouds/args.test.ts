import { HELP, parseLinkArgs } from '../../../../scripts/link-clouds/args';
import { UsageError } from '../../../../scripts/shared/usage-error';

describe('parseLinkArgs', () => {
  it('defaults to dev, the Pulumi stack named after the environment, and writing', () => {
    expect(parseLinkArgs(['--to', 'pulumi'])).toEqual({
      to: 'pulumi',
      env: 'dev',
      stack: 'dev',
      dryRun: false,
    });
  });

  it('reads every option of its direction', () => {
    expect(
      parseLinkArgs([
        '--to=aws',
        '--env=prod',
        '--stack=prod-weu',
        '--pulumi-outputs=out.json',
        '--context-file=ctx.json',
        '--dry-run',
      ]),
    ).toEqual({
      to: 'aws',
      env: 'prod',
      stack: 'prod-weu',
      pulumiOutputs: 'out.json',
      contextFile: 'ctx.json',
      dryRun: true,
    });
    expect(
      parseLinkArgs(['--to', 'pulumi', '--aws-outputs', 'o.json', '--config-file', 'P.yaml']),
    ).toMatchObject({
      awsOutputs: 'o.json',
      configFile: 'P.yaml',
    });
  });

  it('answers --help', () => {
    expect(parseLinkArgs(['--help'])).toBe(HELP);
  });

  it.each([
    [[], '--to is required: pulumi or aws'],
    [['--to', 'azure'], '--to must be pulumi or aws; got "azure"'],
    [['--to', 'aws', '--aws-outputs', 'o.json'], '--aws-outputs is not used with --to aws'],
    [['--to', 'pulumi', '--context-file', 'c.json'], '--context-file is not used with --to pulumi'],
    [['--to', 'aws', '--env', ''], '--env must not be empty'],
    [['--to', 'aws', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseLinkArgs(argv)).toThrow(UsageError);
    expect(() => parseLinkArgs(argv)).toThrow(message);
  });
});
