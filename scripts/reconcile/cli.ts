/**
 * `npm run reconcile -- --zone raw [--prefix access_events/] [--env dev] [--json]`
 * See README.md; exit codes in main.ts.
 */
import '../shared/aws-sdk-node-notice';
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('reconcile: unexpected failure', error);
    process.exitCode = 3;
  },
);
