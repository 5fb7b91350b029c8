/** `npm run generate-data -- --out-dir data/raw --size small`; see README.md. */
import '../shared/aws-sdk-node-notice';
import { main } from './main';
import { exitWith, PROCESS_OUTPUT } from '../shared/cli-main';

exitWith(
  main(process.argv.slice(2), { env: process.env, ...PROCESS_OUTPUT, now: () => new Date() }),
  'generate-data',
  1,
);
