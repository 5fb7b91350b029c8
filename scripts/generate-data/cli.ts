/** `npm run generate-data -- --out-dir data/raw --size small`; see README.md. */
import '../shared/aws-sdk-node-notice';
import { main } from './main';

main(process.argv.slice(2), {
  env: process.env,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  now: () => new Date(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('generate-data: unexpected failure', error);
    process.exitCode = 1;
  },
);
