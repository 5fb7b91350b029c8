import type { PlantedCustomer } from './customer-history';

/**
 * Records as the clean zone holds them, typed: what a correct raw-to-clean job keeps of a day
 * (the generator's `truth`) and what the warehouse tests compute their expected answers from.
 * Column names are the platform definition's; times are `Date`s in UTC.
 */

export interface AccessEvent {
  event_id: string;
  user_id: string;
  event_time: Date;
  device: string | null;
  content_id: string;
  content_type: string;
  country: string;
  city: string | null;
  session_id: string;
  duration_seconds: number | null;
}

export interface WebLog {
  request_id: string;
  client_ip: string;
  request_time: Date;
  method: string;
  url: string;
  status: number;
  /** Null when the line said `-`: the size is unknown. */
  bytes_sent: number | null;
  referrer: string | null;
  user_agent: string | null;
}

export interface Transaction {
  transaction_id: string;
  order_id: string;
  customer_id: string;
  product_id: string;
  product_category: string;
  quantity: number;
  /** Price in cents: exact arithmetic for the expected answers; written as a decimal. */
  unit_price_cents: number;
  currency: string;
  transaction_time: Date;
  country: string;
}

export interface Interaction {
  interaction_id: string;
  customer_id: string | null;
  session_id: string;
  interaction_type: string;
  page_url: string;
  product_id: string | null;
  device: string;
  interaction_time: Date;
}

export interface Customer {
  customer_id: string;
  full_name: string;
  email: string;
  country: string;
  signup_date: string;
  updated_at: Date;
}

/** One day of the clean zone: every record that passes the clean rules, one per record id. */
export interface CleanDay {
  readonly accessEvents: AccessEvent[];
  readonly webLogs: WebLog[];
  readonly transactions: Transaction[];
  readonly interactions: Interaction[];
  readonly customers: Customer[];
  /** The customer history before the day, as the clean zone holds it (nothing in it is spoiled). */
  readonly history: {
    readonly days: number;
    readonly transactions: Transaction[];
    readonly interactions: Interaction[];
  };
  /** The behaviour planted in every customer of the world, and their planned next 30 days. */
  readonly plantedCustomers: readonly PlantedCustomer[];
}
