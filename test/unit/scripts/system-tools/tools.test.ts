import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateTool, SYSTEM_TOOLS } from '../../../../scripts/system-tools/tools';
import { CLI_TOOLS } from '../../../fixtures/cli-tools';

const chromium = SYSTEM_TOOLS.find((tool) => tool.command === 'chromium')!;
let directory = '';

function executable(name: string): string {
  const path = join(directory, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'system-tools-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('locateTool', () => {
  it('finds the command on PATH', () => {
    const path = executable('chromium');
    expect(locateTool(chromium, { PATH: directory })).toBe(path);
  });

  it('takes the executable its variable names instead of PATH', () => {
    const named = executable('chrome');
    executable('chromium');
    expect(locateTool(chromium, { PATH: directory, CHROMIUM_PATH: named })).toBe(named);
  });

  it('reports a tool as missing when its variable names no executable', () => {
    executable('chromium');
    expect(
      locateTool(chromium, { PATH: directory, CHROMIUM_PATH: join(directory, 'absent') }),
    ).toBeUndefined();
  });

  it('reports a tool as missing when it is nowhere on PATH', () => {
    expect(locateTool(chromium, { PATH: directory })).toBeUndefined();
  });
});

describe('SYSTEM_TOOLS', () => {
  it('holds every client the integration tests start, so the set-up installs it', () => {
    const checked = SYSTEM_TOOLS.map((tool) => tool.command);
    for (const client of CLI_TOOLS) expect(checked).toContain(client);
  });
});
