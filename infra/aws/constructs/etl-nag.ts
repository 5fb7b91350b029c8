import { Validations, type Stack, type aws_glue as glue } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** A value has a shape cdk-nag's finding IDs are not known to spell. */
export class NagNameError extends Error {
  override readonly name = 'NagNameError';
}

/**
 * A string as cdk-nag spells it in a finding ID: `Ref`s become `<Name>`, joins are joined, `${X}` in a substitution becomes `<X>`. Used
 * to acknowledge one exact wildcard; any other shape fails loudly rather than producing an
 * acknowledgement that silently matches nothing.
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

/**
 * GL1 and GL3 look for a security configuration defined in the job's own template; the jobs name
 * the zone's configuration of the catalog stack instead, which encrypts CloudWatch logs (SSE-KMS)
 * and job bookmarks (CSE-KMS) with the catalog key (asserted by the ETL stack tests).
 */
export function acknowledgeSecurityConfigurationByName(job: Construct & glue.IJob): void {
  const resource = job.node.findChild('Resource');
  for (const id of ['AwsSolutions-GL1', 'AwsSolutions-GL3']) {
    Validations.of(resource).acknowledge({
      id,
      reason:
        'The job runs with its zone security configuration from the catalog stack, referenced by name: it encrypts CloudWatch logs with SSE-KMS and job bookmarks with CSE-KMS under the catalog key.',
    });
  }
}
