import unittest

from hybrid_lake_etl.emails import normalise_email


class NormaliseEmailTest(unittest.TestCase):
    def test_trims_and_lower_cases_the_domain_only(self):
        self.assertEqual(normalise_email("  Jane.Doe+news@Example.CO.UK \t"), ("Jane.Doe+news@example.co.uk", None))

    def test_no_address_is_not_an_error(self):
        self.assertEqual(normalise_email(None), (None, None))
        self.assertEqual(normalise_email("   "), (None, None))

    def test_unicode_domain_is_stored_in_its_ascii_form(self):
        self.assertEqual(normalise_email("kunde@Bücher.de"), ("kunde@xn--bcher-kva.de", None))

    def test_invalid_addresses_have_a_reason(self):
        too_long_local = "a" * 65 + "@example.com"
        too_long = "a@" + ".".join(["b" * 60] * 5) + ".com"  # 310 characters
        cases = {
            "no at": ("jane.example.com", "missing_at_sign"),
            "two ats": ("jane@doe@example.com", "several_at_signs"),
            "double dot local": ("jane..doe@example.com", "misplaced_dot"),
            "leading dot": (".jane@example.com", "misplaced_dot"),
            "double dot domain": ("jane@example..com", "misplaced_dot"),
            "trailing dot domain": ("jane@example.com.", "misplaced_dot"),
            "inner space": ("jane doe@example.com", "contains_whitespace"),
            "no local": ("@example.com", "empty_local_part"),
            "no domain": ("jane@", "empty_domain"),
            "dotless domain": ("jane@localhost", "domain_without_dot"),
            "hyphen label": ("jane@-example.com", "invalid_domain_character"),
            "underscore domain": ("jane@exa_mple.com", "invalid_domain_character"),
            "numeric tld": ("jane@example.123", "invalid_top_level_domain"),
            "unicode local": ("jöhn@example.com", "non_ascii_local_part"),
            "comma": ("jane,doe@example.com", "invalid_local_character"),
            "local too long": (too_long_local, "local_part_too_long"),
            "address too long": (too_long, "address_too_long"),
            "not text": (42, "not_text"),
        }
        for name, (raw, expected) in cases.items():
            with self.subTest(name):
                self.assertEqual(normalise_email(raw), (None, expected))


if __name__ == "__main__":
    unittest.main()
