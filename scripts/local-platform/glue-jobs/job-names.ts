/**
 * The Glue job names a local deployment records (`LocalDeployment.glueJobs`), from the names the
 * EtlStack gives the deployed jobs.
 */
import { etlJobNames } from '../../../infra/aws/stacks/etl';
import type { Platform } from '../../../infra/platform';
import type { LocalDeployment } from '../deployment';

export function localGlueJobNames(platform: Platform): LocalDeployment['glueJobs'] {
  const names = etlJobNames(platform);
  return {
    rawToClean: names.rawToClean,
    cleanToCurated: names.cleanToCurated,
    streaming: platform.topics.map((topic) => names.streaming(topic.name)),
  };
}
