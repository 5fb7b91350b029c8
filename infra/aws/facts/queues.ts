/** Settings of the platform's work queues, read by the constructs and the local deployment. */

/** Receives after which SQS moves a message to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

/** SQS's maximum; also the dead-letter queue's, because a standard queue's message keeps its first enqueue time. */
export const QUEUE_RETENTION_DAYS = 14;
