/**
 * The baseline of `npm run bench:kafka`: a plain TCP relay in a process of its own. The first
 * connection is the writer, the second the reader; every byte the writer sends is passed to the
 * reader as it comes. The same bytes as the Kafka run go through it, with no protocol at all.
 */
import { createServer, type Socket } from 'node:net';

const waiting: Socket[] = [];
const server = createServer((socket) => {
  waiting.push(socket);
  if (waiting.length === 2) {
    const [writer, reader] = waiting as [Socket, Socket];
    writer.pipe(reader);
  }
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`relay 127.0.0.1:${address.port}`);
});
process.stdin.resume();
process.stdin.once('end', () => process.exit(0));
