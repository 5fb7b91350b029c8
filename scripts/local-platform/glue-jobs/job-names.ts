/**
 * The Glue job names a local deployment records (`LocalDeployment.glueJobs`), from the names the
 * EtlStack gives the deployed jobs.
 */
import type { Platform } from '../../../infra/platform';
import type { LocalDeployment } from '../deployment';
import { etlJobNames } from '../../../infra/aws/facts/etl';

export function localGlueJobNames(platform: Platform): LocalDeployment['glueJobs'] {
  const names = etlJobNames(platform);
  return {
    rawToClean: names.rawToClean,
    cleanToCurated: names.cleanToCurated,
    streaming: platform.topics.map((topic) => names.streaming(topic.name)),
  };
}
