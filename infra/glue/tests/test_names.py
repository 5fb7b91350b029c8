import unittest

from hybrid_lake_etl.names import normalise_name


class NormaliseNameTest(unittest.TestCase):
    def test_trims_collapses_and_title_cases(self):
        self.assertEqual(normalise_name("  jane    DOE \n"), ("Jane Doe", None))

    def test_apostrophes_and_hyphens_start_new_capitals(self):
        self.assertEqual(normalise_name("o'NEIL"), ("O'Neil", None))
        self.assertEqual(normalise_name("JEAN-LUC d’arcy"), ("Jean-Luc D’Arcy", None))

    def test_particles_stay_lower_case_except_first(self):
        self.assertEqual(normalise_name("LUDWIG VAN BEETHOVEN"), ("Ludwig van Beethoven", None))
        self.assertEqual(normalise_name("vincent van der berg"), ("Vincent van der Berg", None))
        self.assertEqual(normalise_name("van morrison"), ("Van Morrison", None))

    def test_intentional_mixed_case_is_kept(self):
        self.assertEqual(normalise_name("mary McDonald"), ("Mary McDonald", None))
        self.assertEqual(normalise_name("DeShawn Van Dyke"), ("DeShawn Van Dyke", None))

    def test_empty_and_invalid_names(self):
        self.assertEqual(normalise_name(None), (None, None))
        self.assertEqual(normalise_name("  "), (None, None))
        self.assertEqual(normalise_name("12345"), (None, "no_letters"))
        self.assertEqual(normalise_name("ann\x00e"), (None, "control_character"))
        self.assertEqual(normalise_name("a" * 201), (None, "name_too_long"))
        self.assertEqual(normalise_name(7), (None, "not_text"))


if __name__ == "__main__":
    unittest.main()
