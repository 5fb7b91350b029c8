/**
 * `npm run reconcile -- --zone raw [--prefix access_events/] [--env dev] [--json]`
 * See README.md; exit codes in main.ts.
 */
import '../shared/aws-sdk-node-notice';
import { main } from './main';
import { exitWith } from '../shared/cli-main';

exitWith(main(process.argv.slice(2)), 'reconcile', 3);
