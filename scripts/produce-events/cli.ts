/**
 * `npm run produce -- --topic access-events --rate 50 [--dry-run] …`; see README.md.
 * The first SIGINT/SIGTERM stops generating, flushes and prints the counts; a second one exits
 * at once (130), for a broker that no longer answers.
 */
import '../shared/aws-sdk-node-notice';
import { main } from './main';
import { exitWith, PROCESS_OUTPUT } from '../shared/cli-main';

const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (controller.signal.aborted) {
    process.stderr.write(`produce: ${signal} again, exiting without flushing\n`);
    process.exit(130);
  }
  process.stderr.write(`produce: ${signal}, flushing (again to exit at once)\n`);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// A closed stdout (`… --dry-run | head`) ends the run like a signal, not with a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') controller.abort();
  else throw error;
});

exitWith(
  main(process.argv.slice(2), { env: process.env, ...PROCESS_OUTPUT, stop: controller.signal }),
  'produce',
  1,
);
