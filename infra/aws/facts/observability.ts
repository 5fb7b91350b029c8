/**
 * The operators' dashboard's facts: its name. What it charts is named by the other facts
 * (functions, topics, consumer groups, jobs, the alert topic) and read there.
 */
import { resourcePrefix, type Platform } from '../../platform';

/** `hybrid-lake-dev-platform`: the CloudWatch dashboard of the pipeline and the business. */
export function platformDashboardName(platform: Platform): string {
  return `${resourcePrefix(platform)}-platform`;
}
