/**
 * `npm run link-clouds -- --to <pulumi|aws> [--env dev] [--dry-run]`
 * See README.md; exit codes in main.ts.
 */
import '../shared/aws-sdk-node-notice';
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('link-clouds: unexpected failure', error);
    process.exitCode = 3;
  },
);
