/** The machine a benchmark ran on, as every bench prints it beside its figures. */
import { cpus, totalmem } from 'node:os';

export interface BenchMachine {
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

export function benchMachine(): BenchMachine {
  return {
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
  };
}
