"""The project's own demo data: a fictional city (望川市) with three years of annual reports.

Nothing here comes from a real report; see ``README.md`` in this package.
"""
