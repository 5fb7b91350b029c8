import re
import unittest

from hybrid_lake_etl.errors import EtlInputError
from hybrid_lake_etl.quality import evaluation_context, rules_for, ruleset

WEB_LOGS = [("request_id", "string"), ("request_time", "timestamp"), ("method", "string"), ("status", "int"), ("bytes_sent", "bigint")]
# One DQDL rule: a rule type, then quoted column names and an optional expression.
RULE = re.compile(r'^(RowCount|IsComplete|IsUnique|ColumnExists|ColumnValues)( "[a-z][a-z0-9_]*")?( (>=|<=|>|<|=) -?\d+(\.\d+)?| matches "[^"]+")?( where "[a-z][a-z0-9_]* is not null")?$')


class RulesetTest(unittest.TestCase):
    def test_text_has_the_dqdl_shape(self):
        text = ruleset(WEB_LOGS, "request_id")
        self.assertTrue(text.startswith("Rules = [\n") and text.endswith("\n]"))
        body = text[len("Rules = [") : -1].strip()
        rules = [rule.strip() for rule in body.split(",\n")]
        self.assertEqual(len(rules), len(rules_for(WEB_LOGS, "request_id")))
        for rule in rules:
            with self.subTest(rule=rule):
                self.assertRegex(rule, RULE)
        self.assertEqual(text.count('"') % 2, 0)

    def test_structural_and_value_rules(self):
        rules = rules_for(WEB_LOGS, "request_id")
        for expected in (
            "RowCount > 0",
            'IsComplete "request_id"',
            'IsUnique "request_id"',
            'ColumnExists "bytes_sent"',
            'IsComplete "request_time"',
            'ColumnValues "status" >= 100 where "status is not null"',
            'ColumnValues "status" <= 599 where "status is not null"',
            'ColumnValues "bytes_sent" >= 0 where "bytes_sent is not null"',
            'ColumnValues "method" matches "[A-Z]{3,10}" where "method is not null"',
        ):
            self.assertIn(expected, rules)

    def test_value_rules_leave_missing_values_to_the_completeness_rules(self):
        # An unknown byte count (`-` in a log line) is null: no value rule may fail on it.
        rules = rules_for(WEB_LOGS, "request_id")
        for rule in (r for r in rules if r.startswith("ColumnValues")):
            column = rule.split('"')[1]
            self.assertTrue(rule.endswith(' where "%s is not null"' % column), rule)
        self.assertNotIn('IsComplete "bytes_sent"', rules)

    def test_a_value_rule_needs_a_compatible_column_type(self):
        rules = rules_for([("id", "string"), ("status", "string")], "id")
        self.assertFalse(any(rule.startswith('ColumnValues "status"') for rule in rules))

    def test_rules_come_from_the_parameters(self):
        rules = rules_for([("id", "string"), ("score", "double")], "id", value_rules={"score": ("<= 1",)})
        self.assertIn('ColumnValues "score" <= 1 where "score is not null"', rules)

    def test_bad_input(self):
        with self.assertRaises(EtlInputError):
            rules_for(WEB_LOGS, "event_id")
        with self.assertRaises(EtlInputError):
            rules_for([('a" or "b', "string")], 'a" or "b')

    def test_evaluation_context(self):
        self.assertEqual(evaluation_context("web_logs"), "clean_web_logs")
        with self.assertRaises(EtlInputError):
            evaluation_context("web logs")


if __name__ == "__main__":
    unittest.main()
