import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports } from '../../../../../scripts/local-run/report/write';
import { localRunFigures } from '../../../../fixtures/local-run-figures';

describe('writeReports', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'local-run-report-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the page and the pretty-printed figures, creating the directory', async () => {
    const figures = localRunFigures();
    const directory = join(root, 'reports', 'nested');

    const written = await writeReports(figures, directory);

    expect(written).toEqual({
      htmlPath: join(directory, 'local-run.html'),
      jsonPath: join(directory, 'local-run.json'),
    });
    const json = readFileSync(written.jsonPath, 'utf8');
    expect(JSON.parse(json)).toEqual(figures);
    expect(json).toMatch(/^\{\n {2}"schemaVersion": 1,/);
    expect(readFileSync(written.htmlPath, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readdirSync(directory).sort()).toEqual(['local-run.html', 'local-run.json']);
  });

  it('replaces an earlier report and leaves no temporary file behind', async () => {
    writeFileSync(join(root, 'local-run.json'), '{"old": true}');
    writeFileSync(join(root, 'local-run.html'), 'old');

    await writeReports(localRunFigures(), root);

    expect(readFileSync(join(root, 'local-run.json'), 'utf8')).not.toContain('"old"');
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
