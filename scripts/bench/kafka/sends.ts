/** How the bench's producer sends: the same pieces go through the TCP baseline. */

/** Records per send: about what a producer's linger gathers at this rate. */
export const RECORDS_PER_SEND = 1_000;
/** Sends in flight at once. */
export const SENDS_IN_FLIGHT = 4;
