import type { WireJson } from '../../core/json-protocol';
import { AwsError } from '../../core/aws-error';
import { constraintViolation, invalidParameter } from './errors';
import type { SecretRecord } from './model';
import { describe } from './secret-operations';
import type { SecretStore } from './store';

const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
const DEFAULT_PAGE_SIZE = 100;

export function listSecretsOperation(store: SecretStore) {
  return {
    ListSecrets(input: WireJson) {
      const maxResults = readMaxResults(input.MaxResults);
      const filters = readFilters(input.Filters);
      const includeDeleted = input.IncludePlannedDeletion === true;
      const order = input.SortOrder ?? 'asc';
      if (order !== 'asc' && order !== 'desc')
        throw constraintViolation(
          'sortOrder',
          order,
          'Member must satisfy enum value set: [asc, desc]',
        );
      const matching = store
        .all()
        .filter((secret) => includeDeleted || secret.deletedDate === undefined)
        .filter((secret) => filters.every((filter) => matchesFilter(secret, filter)))
        .sort((a, b) => a.createdDate.localeCompare(b.createdDate) || a.name.localeCompare(b.name));
      if (order === 'desc') matching.reverse();
      const start = readNextToken(input.NextToken, matching.length);
      const page = matching.slice(start, start + maxResults);
      const next = start + maxResults;
      return {
        SecretList: page.map((secret) => ({
          ...describe(secret),
          SecretVersionsToStages: describe(secret).VersionIdsToStages,
          VersionIdsToStages: undefined,
        })),
        NextToken:
          next < matching.length ? Buffer.from(String(next)).toString('base64') : undefined,
      };
    },
  };
}

function readMaxResults(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_PAGE_SIZE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100)
    throw constraintViolation(
      'maxResults',
      value,
      value !== undefined && Number(value) < 1
        ? 'Member must have value greater than or equal to 1'
        : 'Member must have value less than or equal to 100',
    );
  return value;
}

function readNextToken(token: unknown, total: number): number {
  if (token === undefined || token === null) return 0;
  const offset =
    typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString('utf8')) : NaN;
  if (!Number.isInteger(offset) || offset < 0 || offset > total)
    throw new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');
  return offset;
}

interface Filter {
  readonly key: FilterKey;
  readonly values: string[];
}

function readFilters(filters: unknown): Filter[] {
  if (filters === undefined || filters === null) return [];
  if (!Array.isArray(filters)) throw invalidParameter('Filters must be a list.');
  return filters.map((filter: WireJson) => {
    const key = filter?.Key;
    if (!FILTER_KEYS.includes(key))
      throw constraintViolation(
        'filters.member.key',
        key,
        `Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
      );
    const values = Array.isArray(filter.Values) ? filter.Values.map(String) : [];
    return { key: key as FilterKey, values };
  });
}

/** A value with a leading `!` negates; otherwise it matches the beginning of the field. */
function matchesFilter(secret: SecretRecord, filter: Filter): boolean {
  const fields = filterFields(secret, filter.key);
  return filter.values.some((value) =>
    value.startsWith('!')
      ? !fields.some((field) => field.startsWith(value.slice(1)))
      : fields.some((field) => field.startsWith(value)),
  );
}

function filterFields(secret: SecretRecord, key: FilterKey): string[] {
  switch (key) {
    case 'name':
      return [secret.name];
    case 'description':
      return secret.description !== undefined ? [secret.description] : [];
    case 'tag-key':
      return secret.tags.map((tag) => tag.Key);
    case 'tag-value':
      return secret.tags.map((tag) => tag.Value);
    case 'primary-region':
    case 'owning-service':
      return [];
    case 'all':
      return [
        secret.name,
        ...(secret.description !== undefined ? [secret.description] : []),
        ...secret.tags.flatMap((tag) => [tag.Key, tag.Value]),
      ];
  }
}
