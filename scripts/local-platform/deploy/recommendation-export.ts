/**
 * The recommendation export of the MarketplaceApiStack, locally: its inbox (Lambda's event queue)
 * with the dead-letter queue, the rule on the ELT's on-success records targeting the inbox, with
 * the pattern the stack deploys, and its spec.
 *
 * localcloud's Lambda runtime does not send a function's on-success records anywhere (it
 * emulates the on-failure destination only), so nothing puts the ELT's success on the bus by
 * itself here: `announceEltSuccess` (./export-event.ts) puts the record Lambda would, and the
 * rule routes it as in AWS.
 */
import {
  exportRuleName,
  exportTriggerPattern,
} from '../../../infra/aws/facts/recommendation-export';
import { exportFunctionName } from '../../../infra/aws/facts/recommendations';
import type { LocalDeployment, LocalFunctionSpec } from '../deployment';
import { createAsyncTrigger, putRuleTargeting } from './async-trigger';
import type { DeployContext } from './context';
import { ASYNC_INVOKE_SETTINGS, recommendationExportSpec } from './function-specs';

export async function deployRecommendationExport(
  context: DeployContext,
  resources: { readonly warehouse: LocalDeployment['warehouse']; readonly modelTableName: string },
): Promise<LocalFunctionSpec> {
  const { platform } = context;
  const trigger = await createAsyncTrigger(
    context,
    exportFunctionName(platform),
    ASYNC_INVOKE_SETTINGS.recommendationExport,
  );
  await putRuleTargeting(
    context,
    {
      name: exportRuleName(platform),
      description:
        'Exports the recommendation model when a warehouse ELT run that loaded a day succeeds',
      eventPattern: exportTriggerPattern(resources.warehouse.eltFunctionArn),
    },
    trigger.inbox,
  );
  return recommendationExportSpec(platform, { ...resources, trigger });
}
