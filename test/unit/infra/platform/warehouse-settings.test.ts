import {
  environmentSchema,
  isWarehouseBaseCapacity,
  loadPlatform,
  warehouseSettingsSchema,
} from '../../../../infra/platform';

// One test per documented @default of the warehouse settings, so the documentation cannot drift.
describe('warehouse setting defaults', () => {
  const warehouse = warehouseSettingsSchema.parse({});

  it('names the database analytics', () => expect(warehouse.databaseName).toBe('analytics'));
  it('starts at 8 RPUs', () => expect(warehouse.baseCapacity).toBe(8));
  it('sets no capacity ceiling', () => expect(warehouse.maxCapacity).toBeUndefined());
  it('applies every default when an environment omits warehouse', () =>
    expect(environmentSchema.parse({ region: 'eu-west-1' }).warehouse).toEqual(warehouse));
  it('keeps an explicit value instead of the default', () =>
    expect(warehouseSettingsSchema.parse({ baseCapacity: 32 }).baseCapacity).toBe(32));
});

describe('warehouse setting validation', () => {
  it.each([4, 8, 16, 128, 512, 544, 1024])('accepts a base capacity of %i RPUs', (rpus) => {
    expect(isWarehouseBaseCapacity(rpus)).toBe(true);
    expect(warehouseSettingsSchema.safeParse({ baseCapacity: rpus }).success).toBe(true);
  });

  it.each([0, 2, 6, 12, 520, 1056, 8.5])(
    'refuses a base capacity of %s RPUs, saying which values Redshift takes',
    (rpus) => {
      const result = warehouseSettingsSchema.safeParse({ baseCapacity: rpus });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/must be 4, a multiple of 8 up to 512/);
    },
  );

  it('refuses a ceiling below the base capacity, naming the field', () => {
    const result = warehouseSettingsSchema.safeParse({ baseCapacity: 16, maxCapacity: 8 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({
        path: ['maxCapacity'],
        message: 'cannot be below baseCapacity (16)',
      }),
    );
  });

  it.each(['Analytics', '1lake', 'lake-db', 'a'.repeat(65)])(
    'refuses the database name %s',
    (databaseName) =>
      expect(warehouseSettingsSchema.safeParse({ databaseName }).success).toBe(false),
  );

  it('refuses "dev", the database every namespace already has', () => {
    const result = warehouseSettingsSchema.safeParse({ databaseName: 'dev' });
    expect(result.error?.issues[0]?.message).toMatch(/already has/);
  });

  it('refuses an unknown field instead of ignoring it', () =>
    expect(warehouseSettingsSchema.safeParse({ baseCapacityRpu: 8 }).success).toBe(false));
});

describe('warehouse settings of the definition', () => {
  it('gives dev the smallest workgroup Redshift Serverless runs', () =>
    expect(loadPlatform('dev').environment.warehouse).toEqual({
      databaseName: 'analytics',
      baseCapacity: 4,
    }));

  it('gives prod a larger one', () => {
    const prod = loadPlatform('prod').environment.warehouse;
    expect(prod.baseCapacity).toBe(16);
    expect(prod.baseCapacity).toBeGreaterThan(
      loadPlatform('dev').environment.warehouse.baseCapacity,
    );
  });
});
