/**
 * The command line of a tool does not make sense (unknown flag, missing or bad value). Every
 * command-line tool answers it the same way: the message and its usage on stderr, and the tool's
 * usage exit status.
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}
