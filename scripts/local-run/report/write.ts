/**
 * Writes the HTML page and the JSON figures side by side. Each file is written to a temporary
 * name in the same directory and renamed over the target, so a reader (or a browser reloading
 * the page) never sees half a report, and an interrupted run leaves the previous one intact.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalRunFigures } from './figures';
import { renderHtmlReport } from './html';

export const HTML_REPORT_FILE = 'local-run.html';
export const JSON_REPORT_FILE = 'local-run.json';

export interface WrittenReports {
  readonly htmlPath: string;
  readonly jsonPath: string;
}

export async function writeReports(
  figures: LocalRunFigures,
  directory: string,
): Promise<WrittenReports> {
  await mkdir(directory, { recursive: true });
  const htmlPath = join(directory, HTML_REPORT_FILE);
  const jsonPath = join(directory, JSON_REPORT_FILE);
  await writeAtomically(jsonPath, `${JSON.stringify(figures, null, 2)}\n`);
  await writeAtomically(htmlPath, renderHtmlReport(figures));
  return { htmlPath, jsonPath };
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
