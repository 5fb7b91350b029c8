/**
 * Optional persistence of emulator state to a folder: one JSON document per service, written
 * atomically (temporary file, then rename) so a crash mid-write never leaves a torn file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceHandler } from './context';

export function restoreServices(
  stateDir: string,
  services: Readonly<Record<string, ServiceHandler>>,
): string[] {
  const restored: string[] = [];
  for (const [name, service] of Object.entries(services)) {
    const file = join(stateDir, `${name}.json`);
    if (!service.restore || !existsSync(file)) continue;
    service.restore(JSON.parse(readFileSync(file, 'utf8')));
    restored.push(name);
  }
  return restored;
}

export function persistServices(
  stateDir: string,
  services: Readonly<Record<string, ServiceHandler>>,
): void {
  mkdirSync(stateDir, { recursive: true });
  for (const [name, service] of Object.entries(services)) {
    if (!service.snapshot) continue;
    const file = join(stateDir, `${name}.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(service.snapshot()));
    renameSync(temporary, file);
  }
}
