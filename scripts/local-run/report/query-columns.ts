/**
 * Which query rows each chart draws, by the SELECT aliases of sql/queries/<query>.sql. A unit
 * test reads those files and checks every column named here is one of the query's aliases, so a
 * renamed alias fails a test instead of silently emptying a chart.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import type { LocalRunFigures } from './figures';

export const DEVICES_QUERY = {
  query: 'most_used_devices',
  label: 'device_name',
  value: 'accesses',
  share: 'share_percent',
} as const;

export const CONTENT_BY_REGION_QUERY = {
  query: 'content_type_by_region',
  group: 'country',
  series: 'content_type',
  value: 'accesses',
} as const;

export const TOP_PRODUCTS_QUERY = {
  query: 'most_sold_products',
  product: 'product_id',
  category: 'product_category',
  currency: 'currency',
  value: 'units',
  revenue: 'revenue',
} as const;

export const SEGMENTS_QUERY = {
  query: 'customer_segments',
  segment: 'segment',
  customers: 'customers',
  recency: 'mean_recency_days',
  value: 'mean_spend_pct',
  tenure: 'mean_tenure_days',
  orders: 'mean_orders_90d',
  basket: 'mean_basket_pct',
} as const;

export const RISK_BANDS_QUERY = {
  query: 'churn_risk_bands',
  from: 'risk_from',
  to: 'risk_to',
  customers: 'customers',
  value: 'mean_spend_pct',
} as const;

export const CHURN_QUALITY_QUERY = {
  query: 'churn_model_quality',
  auc: 'auc',
  truePositives: 'true_positives',
  falsePositives: 'false_positives',
  trueNegatives: 'true_negatives',
  falseNegatives: 'false_negatives',
} as const;

/**
 * The query behind the traffic chart. The chart itself draws `analytics.requestsPerMinute`
 * (every minute, zeros included), which the run derives from this query's rows.
 */
export const TRAFFIC_QUERY = 'requests_per_minute';

/** Every query a chart reads, with the columns it reads. */
export const CHARTED_QUERIES: readonly { readonly query: string; readonly columns: string[] }[] = [
  DEVICES_QUERY,
  CONTENT_BY_REGION_QUERY,
  TOP_PRODUCTS_QUERY,
  SEGMENTS_QUERY,
  RISK_BANDS_QUERY,
  CHURN_QUALITY_QUERY,
].map(({ query, ...columns }) => ({
  query,
  columns: Object.values(columns),
}));

/** The rows a query answered, or none when the run did not include it. */
export function queryRows(figures: LocalRunFigures, name: string): readonly Row[] {
  return figures.analytics.queries.find((query) => query.name === name)?.rows ?? [];
}
