import type { Stack } from 'aws-cdk-lib';

/** A value has a shape cdk-nag's finding IDs are not known to spell. */
export class NagNameError extends Error {
  override readonly name = 'NagNameError';
}

/**
 * A string as cdk-nag spells it in a finding ID: `Ref`s become `<Name>`, joins are joined,
 * `${X}` in a substitution becomes `<X>`. Used to acknowledge one exact wildcard; any other
 * shape fails loudly rather than producing an acknowledgement that silently matches nothing.
 */
export function nagName(stack: Stack, value: string): string {
  return render(stack.resolve(value));
}

function render(resolved: unknown): string {
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'object' && resolved !== null) {
    if ('Ref' in resolved && typeof resolved.Ref === 'string') return `<${resolved.Ref}>`;
    const sub = (resolved as { 'Fn::Sub'?: unknown })['Fn::Sub'];
    if (typeof sub === 'string') return sub.replace(/\$\{([^}]+)\}/g, '<$1>');
    const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
    if (join) return join[1].map(render).join(join[0]);
  }
  throw new NagNameError(`cannot name ${JSON.stringify(resolved)} as cdk-nag does`);
}
