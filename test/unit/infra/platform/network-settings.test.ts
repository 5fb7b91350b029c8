import { environmentSchema, loadPlatform, networkSettingsSchema } from '../../../../infra/platform';

// One test per documented @default of the network settings, so the documentation cannot drift.
describe('network setting defaults', () => {
  const network = networkSettingsSchema.parse({});

  it('puts a NAT gateway in every zone', () => expect(network.natGateways).toBe('per-zone'));
  it('applies every default when an environment omits network', () =>
    expect(environmentSchema.parse({ region: 'eu-west-1' }).network).toEqual(network));
  it('keeps an explicit value instead of the default', () =>
    expect(networkSettingsSchema.parse({ natGateways: 'one' }).natGateways).toBe('one'));
});

describe('network settings', () => {
  it('refuses a layout it does not know, naming the field', () => {
    const result = environmentSchema.safeParse({
      region: 'eu-west-1',
      network: { natGateways: 'two' },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['network', 'natGateways']);
  });

  it('refuses an unknown key rather than ignore it', () =>
    expect(networkSettingsSchema.safeParse({ natGateway: 'one' }).success).toBe(false));

  it('gives dev one NAT gateway and prod one per zone', () => {
    expect(loadPlatform('dev').environment.network.natGateways).toBe('one');
    expect(loadPlatform('prod').environment.network.natGateways).toBe('per-zone');
  });
});
