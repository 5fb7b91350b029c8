/** What the three warehouse CLIs share: a main that prints errors plainly and sets the exit code. */
import { WarehouseArgumentError } from './args';

export function runCli(main: () => Promise<void>, usage: string): void {
  main().catch((error: unknown) => {
    if (error instanceof WarehouseArgumentError) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      process.exitCode = 2;
      return;
    }
    const cause =
      error instanceof Error && error.cause instanceof Error
        ? `\n  cause: ${error.cause.message}`
        : '';
    const text = error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error);
    process.stderr.write(`${text}\n`);
    process.exitCode = 1;
  });
}
