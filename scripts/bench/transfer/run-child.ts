/** Spawns one copying child (copy-child.ts under the tsx loader) and returns its report. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseChildReport, type ChildInput, type ChildReport } from './child-protocol';

const root = join(__dirname, '..', '..', '..');
const childScript = join(__dirname, 'copy-child.ts');

export class ChildCopyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChildCopyError';
  }
}

export async function runCopyChild(
  input: ChildInput,
  env: Readonly<Record<string, string>>,
): Promise<ChildReport> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(input)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0)
    throw new ChildCopyError(`${input.kind} copy exited with ${code}: ${stderr.slice(-2000)}`);
  return parseChildReport(stdout);
}
