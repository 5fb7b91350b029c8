/**
 * The resident memory of a process and all its descendants, read from /proc (Linux): a local
 * run is a tree (the run itself with the embedded database's worker thread, a container process
 * per warm function, the Glue job's Python), and "the whole run" is the tree's sum.
 *
 * A child caught between fork and exec is a copy of its parent: same command line, and an RSS
 * that is the parent's own pages (shared, copy-on-write). Counting it would add the parent's
 * whole memory a second time (about 1 GiB at size large) for the instant before the exec, so it
 * is not counted until it runs its own program.
 */
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_KIB = 4;

export interface ProcessEntry {
  readonly pid: number;
  readonly parent: number;
  readonly rssKiB: number;
  readonly commandLine: string;
}

function readEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after it start
    // after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields from 3 on: state, ppid (4), …, rss in pages (24).
    return {
      pid,
      parent: Number(fields[1]),
      rssKiB: Number(fields[21]) * PAGE_KIB,
      commandLine: readFileSync(`/proc/${pid}/cmdline`, 'latin1'),
    };
  } catch {
    return undefined; // gone between the listing and the read
  }
}

/** `root` and its descendants as counted (see above); none once `root` has exited. */
export function treeProcesses(root: number): ProcessEntry[] {
  const entries = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readEntry(Number(name)))
    .filter((entry): entry is ProcessEntry => entry !== undefined);
  return countedTree(entries, root);
}

/** The processes of `entries` (one per process) in `root`'s tree that count; exported for tests. */
export function countedTree(entries: readonly ProcessEntry[], root: number): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const entry of entries) {
    const siblings = children.get(entry.parent) ?? [];
    siblings.push(entry);
    children.set(entry.parent, siblings);
  }
  const counted: ProcessEntry[] = [];
  const pending = entries.filter((entry) => entry.pid === root);
  while (pending.length > 0) {
    const entry = pending.pop()!;
    counted.push(entry);
    for (const child of children.get(entry.pid) ?? [])
      if (child.commandLine !== entry.commandLine) pending.push(child); // not yet exec'd: see above
  }
  return counted;
}

export const sumRssKiB = (processes: readonly ProcessEntry[]): number =>
  processes.reduce((sum, entry) => sum + entry.rssKiB, 0);

export interface TreePeak {
  readonly peakKiB: number;
  /** The processes counted in the sample that gave the peak. */
  readonly atPeak: readonly ProcessEntry[];
}

/** Samples the tree's RSS every `intervalMs` until stopped; the highest sum seen, and what held it. */
export function sampleTreeRss(root: number, intervalMs = 100): { stop(): TreePeak } {
  let peak: TreePeak = { peakKiB: 0, atPeak: [] };
  const sample = () => {
    const processes = treeProcesses(root);
    const total = sumRssKiB(processes);
    if (total > peak.peakKiB) peak = { peakKiB: total, atPeak: processes };
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
