"""Pure functions behind the platform's Glue jobs.

Standard library only: the jobs ship this package as an extra Python file, and the tests run it
with `python3 -m unittest`, without Spark. Dataset facts (columns, types, keys) are not written
here; the jobs read them from the Glue Data Catalog or from their arguments and pass them in.
"""
