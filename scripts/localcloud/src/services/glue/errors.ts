/** Glue's error vocabulary, with the message wording Glue uses. */
import { AwsError } from '../../core/aws-error';

export function databaseNotFound(name: string): AwsError {
  return new AwsError('EntityNotFoundException', `Database ${name} not found.`);
}

export function tableNotFound(name: string): AwsError {
  return new AwsError('EntityNotFoundException', `Table ${name} not found.`);
}

export const PARTITION_NOT_FOUND_MESSAGE = 'Cannot find partition.';

export function partitionNotFound(): AwsError {
  return new AwsError('EntityNotFoundException', PARTITION_NOT_FOUND_MESSAGE);
}

export function alreadyExists(entity: 'Database' | 'Table' | 'Partition'): AwsError {
  return new AwsError('AlreadyExistsException', alreadyExistsMessage(entity));
}

export function alreadyExistsMessage(entity: 'Database' | 'Table' | 'Partition'): string {
  return `${entity} already exists.`;
}

export const VALUE_COUNT_MISMATCH_MESSAGE =
  'The number of partition keys do not match the number of partition values';

export function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', message);
}

export function resourceLimitExceeded(message: string): AwsError {
  return new AwsError('ResourceNumberLimitExceededException', message);
}
