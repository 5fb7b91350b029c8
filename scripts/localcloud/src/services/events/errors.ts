/** EventBridge's errors (AWS JSON 1.1: the shape name travels in `__type`). */
import { AwsError } from '../../core/aws-error';

export const validationError = (message: string): AwsError =>
  new AwsError('ValidationException', message, 400);

export const resourceNotFound = (message: string): AwsError =>
  new AwsError('ResourceNotFoundException', message, 400);

export const ruleNotFound = (rule: string, bus: string): AwsError =>
  resourceNotFound(`Rule ${rule} does not exist on EventBus ${bus}.`);

export const busNotFound = (bus: string): AwsError =>
  resourceNotFound(`Event bus ${bus} does not exist.`);

export const invalidEventPattern = (reason: string): AwsError =>
  new AwsError(
    'InvalidEventPatternException',
    `Event pattern is not valid. Reason: ${reason}`,
    400,
  );

export const limitExceeded = (): AwsError =>
  new AwsError(
    'LimitExceededException',
    'The requested resource exceeds the maximum number allowed.',
    400,
  );

export const resourceAlreadyExists = (message: string): AwsError =>
  new AwsError('ResourceAlreadyExistsException', message, 400);

/** Smithy's constraint message, which AWS returns for members outside their modelled limits. */
export const constraintViolation = (value: string, member: string, constraint: string): AwsError =>
  validationError(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );
