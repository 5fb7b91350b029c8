/**
 * `npm run link-clouds -- --to <pulumi|aws> [--env dev] [--dry-run]`
 * See README.md; exit codes in main.ts.
 */
import '../shared/aws-sdk-node-notice';
import { main } from './main';
import { exitWith } from '../shared/cli-main';

exitWith(main(process.argv.slice(2)), 'link-clouds', 3);
