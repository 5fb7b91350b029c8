import { synthStreamingApp } from './streaming-stacks';

describe.each(['dev', 'prod'])('cdk-nag AwsSolutions on the streaming path in %s', (env) => {
  const { network, streaming, etl, nagFindings } = synthStreamingApp({ env });

  it.each([
    ['network', network.stackName],
    ['streaming', streaming.stackName],
    ['ETL', etl.stackName],
  ])('finds nothing unacknowledged in the %s stack', (_name, name) => {
    expect(nagFindings.filter((finding) => finding.includes(` ${name}/`))).toEqual([]);
  });

  it('finds nothing anywhere else in the app', () => {
    expect(nagFindings).toEqual([]);
  });
});
