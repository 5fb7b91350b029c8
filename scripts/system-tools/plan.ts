/**
 * What `npm test`'s set-up does about missing system tools, decided from facts gathered by the
 * caller: nothing, install their Debian packages, or stop with the one command to run.
 */
import type { SystemTool } from './tools';

/** Setting it to 1 skips the check, for machines whose tools are managed some other way. */
export const SKIP_VARIABLE = 'HYBRID_LAKE_SKIP_SYSTEM_TOOLS';

/** How this process may install Debian packages. */
export type Privilege = 'root' | 'passwordless-sudo' | 'none';

export interface Host {
  /** apt-get is on PATH (a Debian or Ubuntu machine). */
  readonly hasAptGet: boolean;
  readonly privilege: Privilege;
}

export type SetupPlan =
  | { readonly kind: 'ready' }
  | {
      readonly kind: 'install';
      readonly missing: readonly SystemTool[];
      /** The commands to run in order, each as argv. */
      readonly commands: readonly (readonly string[])[];
    }
  | { readonly kind: 'stop'; readonly missing: readonly SystemTool[]; readonly message: string };

export function missingTools(
  tools: readonly SystemTool[],
  isInstalled: (tool: SystemTool) => boolean,
): SystemTool[] {
  return tools.filter((tool) => !isInstalled(tool));
}

/** The packages of these tools, each once, in the order of the list. */
export function debianPackages(tools: readonly SystemTool[]): string[] {
  return [...new Set(tools.flatMap((tool) => tool.debianPackages))];
}

/** The one command a person runs to install the packages. */
export function manualInstallCommand(packages: readonly string[]): string {
  return (
    'sudo apt-get update && sudo apt-get install -y --no-install-recommends ' + packages.join(' ')
  );
}

export function planSetup(missing: readonly SystemTool[], host: Host): SetupPlan {
  if (missing.length === 0) return { kind: 'ready' };
  if (!host.hasAptGet || host.privilege === 'none')
    return { kind: 'stop', missing, message: stopMessage(missing, host) };
  // sudo drops the caller's environment, so the frontend is set by `env` inside the command.
  const asRoot = host.privilege === 'root' ? [] : ['sudo', '-n'];
  const apt = [...asRoot, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get'];
  return {
    kind: 'install',
    missing,
    commands: [
      [...apt, 'update', '-qq'],
      [...apt, 'install', '-y', '-qq', '--no-install-recommends', ...debianPackages(missing)],
    ],
  };
}

/** Which tools are missing and what they are for, one per line. */
export function describeMissing(missing: readonly SystemTool[]): string {
  const width = Math.max(...missing.map((tool) => tool.command.length));
  return missing.map((tool) => `  ${tool.command.padEnd(width)}  ${tool.neededBy}`).join('\n');
}

function stopMessage(missing: readonly SystemTool[], host: Host): string {
  const packages = debianPackages(missing);
  const install = host.hasAptGet
    ? ['Install them, then run npm test again:', '', `  ${manualInstallCommand(packages)}`]
    : [
        'Install them with your package manager, then run npm test again',
        `(on Debian or Ubuntu: ${manualInstallCommand(packages)}).`,
      ];
  return [
    'npm test needs programs that are not installed:',
    describeMissing(missing),
    '',
    ...install,
    '',
    `If you manage these tools yourself, set ${SKIP_VARIABLE}=1 to skip this check.`,
  ].join('\n');
}
