/** Configuration a function cannot start without; read once, at cold start. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** The value of a required environment variable, or a clear error naming it. */
export function requireEnv(name: string, environment: NodeJS.ProcessEnv = process.env): string {
  const value = environment[name];
  if (value === undefined || value.trim() === '') {
    throw new ConfigurationError(`Environment variable ${name} is required but not set`);
  }
  return value;
}

/** One of a fixed set of values, with a default when unset. */
export function enumEnv<T extends string>(
  name: string,
  allowed: readonly T[],
  fallback: T,
  environment: NodeJS.ProcessEnv = process.env,
): T {
  const value = environment[name];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(
      `Environment variable ${name} must be one of ${allowed.join(', ')}; got "${value}"`,
    );
  }
  return value as T;
}

/** A positive integer, with a default when unset. */
export function positiveIntEnv(
  name: string,
  fallback: number,
  environment: NodeJS.ProcessEnv = process.env,
): number {
  const value = environment[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new ConfigurationError(
      `Environment variable ${name} must be a positive integer; got "${value}"`,
    );
  }
  return parsed;
}
