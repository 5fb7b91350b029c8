/**
 * Spawns one copying child and returns its report. The child runs copy-child.ts bundled by
 * esbuild (minified, one chunk per copy kind loaded on demand), the way the function is
 * deployed, not under the tsx loader: the loader's transpiler and source maps would add some
 * 40 MiB to the peak RSS being measured, and to the baseline's too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseChildReport, type ChildInput, type ChildReport } from './child-protocol';

const root = join(__dirname, '..', '..', '..');
const childScript = join(__dirname, 'copy-child.ts');

export class ChildCopyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChildCopyError';
  }
}

let bundled: Promise<string> | undefined;

/** Builds the child once per benchmark run, into a temporary directory removed at exit. */
function childEntry(): Promise<string> {
  bundled ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'bench-transfer-child-'));
    process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
    await build({
      entryPoints: [childScript],
      bundle: true,
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      format: 'esm',
      // The baseline imports only the raw pipe: its chunk, not the function's SDKs, is loaded.
      splitting: true,
      minify: true,
      outdir,
      outExtension: { '.js': '.mjs' },
      // Bundled CommonJS dependencies call require() for Node's built-ins.
      banner: {
        js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
      },
      logLevel: 'error',
    });
    return join(outdir, 'copy-child.mjs');
  })();
  return bundled;
}

export async function runCopyChild(
  input: ChildInput,
  env: Readonly<Record<string, string>>,
): Promise<ChildReport> {
  const child = spawn(process.execPath, [await childEntry(), JSON.stringify(input)], {
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
