"""The reader: a report file's bytes → the record (``../shared/spec/record.md``).

No Django and nothing else of the project's: ``extract`` (bytes → text and cell grids),
``parse`` (text → the record), ``record`` (the record's keys), ``textnorm`` (Chinese text
folding shared by the parser, the audit rules, search analysis and batch import).
"""
