"""The job scripts against their contract with the CDK: they compile, and they read exactly
the arguments the README documents (the CDK passes these, nothing else)."""

import ast
import importlib
import importlib.util
import pathlib
import py_compile
import tempfile
import unittest

from hybrid_lake_etl import aggregates

JOBS = pathlib.Path(__file__).resolve().parent.parent / "jobs"
README = pathlib.Path(__file__).resolve().parent.parent / "README.md"

CONTRACT = {
    "stream_to_raw.py": [
        "JOB_NAME",
        "TOPIC",
        "DATASET",
        "EVENT_TIME_COLUMN",
        "RAW_BUCKET",
        "CHECKPOINT_LOCATION",
        "KAFKA_CONNECTION",
        "WINDOW_SECONDS",
    ],
    "raw_to_clean.py": ["JOB_NAME", "DATASETS", "RAW_DATABASE", "CLEAN_BUCKET", "RECORD_ID_COLUMNS"],
    "clean_to_curated.py": ["JOB_NAME", "CLEAN_DATABASE", "CURATED_DATABASE", "CURATED_BUCKET"],
}
OPTIONAL = {"stream_to_raw.py": ["PARTITION_KEYS"]}
COMPUTED = "computed"


def tree_of(script):
    return ast.parse((JOBS / script).read_text(encoding="utf-8"), filename=script)


def resolved_option_lists(tree):
    """The lists passed to getResolvedOptions(sys.argv, [...]), in source order; a list that is
    not written out (the loop over OPTIONAL_ARGUMENTS) shows as COMPUTED."""
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getResolvedOptions"
    ]
    lists = []
    for call in sorted(calls, key=lambda node: node.lineno):
        elements = call.args[1].elts if len(call.args) == 2 and isinstance(call.args[1], ast.List) else []
        if elements and all(isinstance(element, ast.Constant) for element in elements):
            lists.append([element.value for element in elements])
        else:
            lists.append(COMPUTED)
    return lists


def optional_arguments(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "OPTIONAL_ARGUMENTS" for t in node.targets):
            return sorted(ast.literal_eval(key) for key in node.value.keys)
    return []


class JobScriptsTest(unittest.TestCase):
    def test_every_script_is_in_the_contract(self):
        self.assertEqual(sorted(p.name for p in JOBS.glob("*.py")), sorted(CONTRACT))

    def test_scripts_byte_compile(self):
        with tempfile.TemporaryDirectory() as out:
            for script in CONTRACT:
                with self.subTest(script):
                    py_compile.compile(str(JOBS / script), cfile=str(pathlib.Path(out) / (script + "c")), doraise=True)

    def test_scripts_read_exactly_their_documented_arguments(self):
        for script, expected in CONTRACT.items():
            with self.subTest(script):
                tree = tree_of(script)
                optional = OPTIONAL.get(script, [])
                # The required list once; optional ones only through the OPTIONAL_ARGUMENTS loop.
                self.assertEqual(resolved_option_lists(tree), [expected] + ([COMPUTED] if optional else []))
                self.assertEqual(optional_arguments(tree), optional)

    def test_readme_documents_the_same_arguments(self):
        readme = README.read_text(encoding="utf-8")
        for script, expected in CONTRACT.items():
            section = readme.split("### `%s`" % script, 1)
            self.assertEqual(len(section), 2, "README has no section for %s" % script)
            body = section[1].split("### ", 1)[0]
            documented = [line.split("`")[1] for line in body.splitlines() if line.startswith("| `--")]
            self.assertEqual(documented, ["--" + name for name in expected + OPTIONAL.get(script, [])])

    def test_helper_modules_the_scripts_import_exist(self):
        for script in CONTRACT:
            for node in ast.walk(tree_of(script)):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hybrid_lake_etl"):
                    module = importlib.import_module(node.module)
                    for alias in node.names:
                        with self.subTest(script=script, name=alias.name):
                            self.assertTrue(
                                hasattr(module, alias.name) or importlib.util.find_spec(node.module + "." + alias.name),
                            )

    def test_curated_job_writes_every_reference_aggregate(self):
        source = (JOBS / "clean_to_curated.py").read_text(encoding="utf-8")
        for name in aggregates.AGGREGATES:
            with self.subTest(name):
                self.assertIn('"%s"' % name, source)


if __name__ == "__main__":
    unittest.main()
