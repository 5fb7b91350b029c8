-- Web requests per minute (UTC), in time order: the traffic the bot alert watches, minute by minute.
-- Minutes without a request have no row.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
SELECT request_minute, requests, distinct_clients
FROM marts.web_requests_per_minute
WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
ORDER BY request_minute;
