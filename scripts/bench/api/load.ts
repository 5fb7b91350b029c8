/**
 * One load phase of `npm run bench:api`: autocannon against one port of the local API Gateway,
 * every request taken from the ledger (a due retry first, else a fresh record), every answer
 * given back to it. Then the drain: what autocannon left in flight when the phase ended, or
 * waiting for a retry, is sent again (same key, same bytes) until it is accepted, as a real
 * client would finish its work.
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import type { Ledger, SignedRequest, Submission } from './ledger';
import { verdictOf } from './retry';

export interface PhaseOptions {
  readonly port: number;
  readonly connections: number;
  readonly seconds: number;
  readonly ledger: Ledger;
}

export interface PhaseResult {
  readonly seconds: number;
  /** 2xx answers: each one record accepted. */
  readonly accepted: number;
  readonly acceptedPerSecond: number;
  /** autocannon's latency of 2xx answers, ms. */
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  /** Every answer by status. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly connectionErrors: number;
  readonly timeouts: number;
  /** 2xx answers whose body did not name the record sent. */
  readonly mismatched: number;
}

interface Context {
  submission?: Submission;
}

/** Longer than the integration timeout (29 s): the gateway answers every request first. */
const CLIENT_TIMEOUT_SECONDS = 40;

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { ledger } = options;
  let mismatched = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}`,
    connections: options.connections,
    duration: options.seconds,
    timeout: CLIENT_TIMEOUT_SECONDS,
    requests: [
      {
        method: 'POST',
        // The context is per connection and holds the request until its answer.
        setupRequest: (template, context) => {
          const submission = ledger.next(Date.now());
          (context as Context).submission = submission;
          const sent = submission.request;
          // autocannon adds Content-Length to the headers object: each build gets a copy.
          return { ...template, path: sent.path, headers: { ...sent.headers }, body: sent.body };
        },
        onResponse: (status, body, context) => {
          const submission = (context as Context).submission;
          if (!submission) return;
          (context as Context).submission = undefined;
          ledger.answered(submission, status, Date.now());
          if (verdictOf(status) === 'accepted' && !body.includes(submission.request.id))
            mismatched += 1;
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [status, { count = 0 }] of Object.entries(result.statusCodeStats ?? {}))
    statuses[status] = count;
  const accepted = result['2xx'];
  return {
    seconds: result.duration,
    accepted,
    acceptedPerSecond: accepted / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    statuses,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    mismatched,
  };
}

export interface Answer {
  readonly status: number;
  readonly body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** Sends one signed request as it was signed. */
export function send(port: number, sent: SignedRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: sent.path, headers: sent.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(sent.body);
  });
}

/** Finishes every unfinished submission: retried after its backoff until accepted or refused. */
export async function drain(port: number, ledger: Ledger): Promise<number> {
  const unfinished = ledger.takeUnfinished();
  await Promise.all(
    unfinished.map(async (submission) => {
      while (submission.state === 'in-flight' || submission.state === 'waiting') {
        const wait = submission.notBefore - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const answer = await send(port, submission.request).catch(() => undefined);
        if (answer) ledger.answered(submission, answer.status, Date.now());
        else ledger.unanswered(submission, Date.now());
      }
    }),
  );
  return unfinished.length;
}
