import { synth } from '../../../../fixtures/synth';

describe('deploy options', () => {
  it('deploys dev when no environment is given', () => {
    const { stacks } = synth({ env: undefined });

    expect(stacks.dataLake.stackName).toBe('hybrid-lake-dev-data-lake');
  });

  it('protects stacks from termination where data may not be destroyed', () => {
    expect(synth({ env: 'prod' }).stacks.dataLake.terminationProtection).toBe(true);
    expect(synth({ env: 'dev' }).stacks.dataLake.terminationProtection).toBe(false);
  });

  describe('-c allowDestroy=true', () => {
    // Synthesis prints warnings to stderr; capture them so the test can assert what a user sees.
    const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const destroyable = synth({ env: 'dev', allowDestroy: 'true' });
    const printedWarnings = printed.mock.calls.map((call) => call.join(' '));
    printed.mockRestore();

    it('deletes and empties the buckets and keys of an environment that permits it', () => {
      for (const bucket of Object.values(destroyable.dataLake.findResources('AWS::S3::Bucket'))) {
        expect(bucket.DeletionPolicy).toBe('Delete');
      }
      destroyable.dataLake.resourceCountIs('Custom::S3AutoDeleteObjects', 5);
      destroyable.alerting.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    });

    it('warns at synth time', () => {
      const warnings = destroyable.app.node.metadata.filter(
        (entry) => entry.type === 'aws:cdk:warning',
      );

      expect(warnings.map((entry) => String(entry.data))).toEqual([
        expect.stringContaining(
          'allowDestroy is on: deleting the "dev" stacks DELETES every bucket',
        ),
      ]);
      expect(printedWarnings).toEqual([
        expect.stringContaining('WARNING allowDestroy is on: deleting the "dev" stacks DELETES'),
      ]);
    });

    it('is refused where the environment forbids it', () => {
      expect(() => synth({ env: 'prod', allowDestroy: true })).toThrow(
        '-c allowDestroy=true is refused: environment "prod" sets dataMayBeDestroyed: false',
      );
    });
  });

  it.each([['yes'], [1]])('rejects allowDestroy=%p, naming the flag', (value) => {
    expect(() => synth({ env: 'dev', allowDestroy: value })).toThrow(
      `-c allowDestroy must be true or false, got ${JSON.stringify(value)}`,
    );
  });

  it('rejects an alert e-mail that is not an address', () => {
    expect(() => synth({ env: 'dev', alertEmail: 'oncall' })).toThrow(
      '-c alertEmail must be an e-mail address, got "oncall"',
    );
  });

  it('rejects an unknown environment with the list of known ones', () => {
    expect(() => synth({ env: 'qa' })).toThrow('unknown environment (defined: dev, prod)');
  });
});
