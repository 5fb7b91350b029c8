/**
 * The peer baseline: rclone, the tool users pick for the same job, copying the same source object
 * to the same file system on the same localcloud servers, as users run it (`rclone copyto` with
 * its defaults: for Azure Blob, 4 MiB blocks, 16 at a time). It runs in its own process, and its
 * peak RSS is that process's VmHWM, like the other children's: rclone cannot report it itself,
 * so the parent polls `/proc/<pid>/status` while it runs (see `PEAK_RSS_POLL_MS`).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactUrlQueries } from '../../../lambdas/shared/redaction';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { findOnPath } from '../../shared/find-on-path';
import {
  RCLONE_AZURE,
  RCLONE_S3,
  rcloneRemoteEnvironment,
} from '../../system-tools/rclone-remotes';
import type { ChildFigures } from './measurements';

/**
 * How often VmHWM is read. The high-water mark only grows, so the last reading before exit is
 * the peak up to then; growth in the final interval would be missed, which can only make
 * rclone's figure lower, never the function's ratio to it look better.
 */
export const PEAK_RSS_POLL_MS = 20;

export class RcloneCopyError extends Error {
  override readonly name = 'RcloneCopyError';
}

export interface RclonePeer {
  readonly executable: string;
  /** First line of `rclone version`, e.g. "rclone v1.60.1-DEV". */
  readonly version: string;
}

/** rclone on PATH, or undefined: the peer is then skipped. */
export async function findRclone(): Promise<RclonePeer | undefined> {
  const executable = findOnPath('rclone');
  if (executable === undefined) return undefined;
  const version = await new Promise<string>((resolve, reject) =>
    execFile(executable, ['version'], { encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(new RcloneCopyError(`${executable} version failed`, { cause: error }));
      else resolve(stdout.split('\n')[0]?.trim() ?? 'rclone');
    }),
  );
  return { executable, version };
}

/** VmHWM and VmRSS of a process, KiB, once it runs `command` (before its exec, it is a fork). */
export function readMemory(
  status: string,
  command: string,
): { peakKiB: number; rssKiB: number } | undefined {
  if (!new RegExp(`^Name:\\s+${command}$`, 'm').test(status)) return undefined;
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1]);
  const peakKiB = field('VmHWM');
  const rssKiB = field('VmRSS');
  return Number.isFinite(peakKiB) && Number.isFinite(rssKiB) ? { peakKiB, rssKiB } : undefined;
}

export interface RcloneCopyInput {
  readonly bucket: string;
  readonly key: string;
  readonly fileSystem: string;
  readonly path: string;
}

/**
 * Copies the object with rclone and returns its figures: the wall time from start to exit
 * (rclone cannot time the copy alone, so its start, a few milliseconds, is included) and the
 * peak RSS. rclone runs with nothing of the user's: a fresh HOME and an empty config file; the
 * remotes come from the environment.
 */
export async function rcloneCopy(
  peer: RclonePeer,
  cloud: LocalCloud,
  input: RcloneCopyInput,
): Promise<ChildFigures> {
  const home = mkdtempSync(join(tmpdir(), 'bench-rclone-'));
  try {
    writeFileSync(join(home, 'rclone.conf'), '');
    const started = performance.now();
    const child = spawn(
      peer.executable,
      [
        'copyto',
        `${RCLONE_S3}:${input.bucket}/${input.key}`,
        `${RCLONE_AZURE}:${input.fileSystem}/${input.path}`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          LANG: 'C.UTF-8',
          RCLONE_CONFIG: join(home, 'rclone.conf'),
          ...rcloneRemoteEnvironment(cloud),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let memory: { peakKiB: number; rssKiB: number } | undefined;
    let firstRssKiB: number | undefined;
    const poll = () => {
      try {
        const reading = readMemory(readFileSync(`/proc/${child.pid}/status`, 'utf8'), 'rclone');
        if (reading === undefined) return;
        memory = reading;
        firstRssKiB ??= reading.rssKiB;
      } catch {
        // Not started yet, or already gone: the last reading stands.
      }
    };
    const timer = setInterval(poll, PEAK_RSS_POLL_MS);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let durationMs = 0;
    // Timed at exit; awaited until close, when stderr has been read to its end.
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => {
        durationMs = performance.now() - started;
        clearInterval(timer);
      });
      child.once('close', resolve);
    }).finally(() => clearInterval(timer));
    if (code !== 0)
      // rclone quotes request URLs, whose query is the SAS: never print it.
      throw new RcloneCopyError(
        `rclone exited with ${code}: ${redactUrlQueries(stderr.slice(-2000))}`,
      );
    if (memory === undefined)
      throw new RcloneCopyError('rclone ended before its memory could be read (no /proc?)');
    return {
      durationMs,
      maxRssKiB: memory.peakKiB,
      peakRssKiB: memory.peakKiB,
      rssBeforeCopyKiB: firstRssKiB ?? memory.rssKiB,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
