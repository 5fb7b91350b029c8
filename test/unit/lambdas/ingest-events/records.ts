/** Records of the two ingestion routes that fit their columns, for the ingestion tests. */
export const TRANSACTION = {
  transaction_id: 'b7c1a3e2-1f4d-4c8e-9a2b-3c4d5e6f7a8b',
  order_id: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
  customer_id: 'C0000042',
  product_id: 'P000123',
  product_category: 'books',
  quantity: 2,
  unit_price: '14.99',
  currency: 'EUR',
  transaction_time: '2026-03-07T10:15:01.123Z',
  country: 'DE',
};

export const INTERACTION = {
  interaction_id: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  customer_id: null,
  session_id: 'S-8f2a',
  interaction_type: 'add_to_cart',
  page_url: '/product/P000123',
  product_id: 'P000123',
  device: 'mobile',
  interaction_time: '2026-03-07T10:14:58.000Z',
};
