import {
  WarehouseIdentityError,
  databaseRolesTagValue,
} from '../../../../../infra/aws/grants/warehouse-data-api';

describe('databaseRolesTagValue (the RedshiftDbRoles tag)', () => {
  it('joins database roles with colons, as Redshift reads them', () => {
    expect(databaseRolesTagValue(['elt_writer'])).toBe('elt_writer');
    expect(databaseRolesTagValue(['elt_writer', 'auditor'])).toBe('elt_writer:auditor');
  });

  it.each([
    ['a name holding the separator', ['sys:dba']],
    ['an upper-case name', ['EltWriter']],
    ['a name starting with a digit', ['1writer']],
    [
      'more than a tag value holds',
      Array.from({ length: 20 }, (_, i) => `role_${i}_${'x'.repeat(10)}`),
    ],
  ])('refuses %s', (_case, roles) => {
    expect(() => databaseRolesTagValue(roles)).toThrow(WarehouseIdentityError);
  });
});
