"""local_stream.py, the deciding half of the local streaming job, as a process: batches in on
stdin, one answer per batch out, in order."""

import json
import os
import pathlib
import subprocess
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
LINE = '203.0.113.9 - - [02/Mar/2026:21:59:59 +0100] "GET / HTTP/1.1" 200 512 "-" "curl/8.0"'


def run(batches, *arguments):
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent.parent.parent / "infra" / "glue"), str(HERE)]))
    completed = subprocess.run(
        [sys.executable, str(HERE / "local_stream.py"), *arguments],
        input="".join(batch + "\n" for batch in batches),
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return [json.loads(line) for line in completed.stdout.splitlines()]


class LocalStreamTest(unittest.TestCase):
    def test_answers_each_batch_in_order_with_a_partition_or_a_rejection_per_record(self):
        first = json.dumps(
            {
                "now": "2026-03-03T02:00:00Z",
                "values": [
                    json.dumps({"request_id": None, "raw_line": LINE}),
                    "{not json",
                ],
            }
        )
        second = json.dumps({"now": "2026-03-03T02:00:01Z", "values": [json.dumps({"request_time": "2026-03-02T05:00:00Z"})]})
        answers = run([first, second], "--event-time-column", "request_time", "--partition-keys", "year,month,day,hour")
        self.assertEqual(len(answers), 2)
        placed, rejected = answers[0]["results"]
        self.assertEqual(placed, {"partition": "year=2026/month=03/day=02/hour=20"})
        self.assertEqual(
            json.loads(rejected["rejected"]),
            {
                "_corrupt_record": "{not json",
                "_reject_reason": "request_time:missing_or_unreadable",
                "_rejected_at": "2026-03-03T02:00:00.000Z",
            },
        )
        self.assertEqual(answers[1], {"results": [{"partition": "year=2026/month=03/day=02/hour=05"}]})

    def test_answers_a_line_that_is_not_a_batch_with_an_error_and_goes_on(self):
        good = json.dumps({"now": "2026-03-03T02:00:00Z", "values": []})
        answers = run(["[]", '{"values": [1], "now": "2026-03-03T02:00:00Z"}', good], "--event-time-column", "t", "--partition-keys", "year,month,day")
        self.assertIn("error", answers[0])
        self.assertIn("error", answers[1])
        self.assertEqual(answers[2], {"results": []})


    def test_rejects_a_time_no_datetime_holds_and_a_lone_surrogate_and_goes_on(self):
        batch = json.dumps(
            {
                "now": "2026-03-03T02:00:00Z",
                "values": [
                    json.dumps({"event_time": "0001-01-01T00:00:00+01:00"}),
                    '{"x": "\\ud800"}',
                    json.dumps({"event_time": "2026-03-02T05:00:00Z"}),
                ],
            }
        )
        [reply] = run([batch], "--event-time-column", "event_time", "--partition-keys", "year,month,day,hour")
        first, second, third = reply["results"]
        self.assertEqual(json.loads(first["rejected"])["_reject_reason"], "event_time:missing_or_unreadable")
        self.assertEqual(json.loads(second["rejected"])["x"], "\ud800")
        self.assertEqual(third, {"partition": "year=2026/month=03/day=02/hour=05"})


if __name__ == "__main__":
    unittest.main()
