"""Output formats for analysis reports, one module per format.

``text`` (the terminal report, set in from the margin by ``text_layout``),
``json_report`` (the versioned JSON document, with its JSON Schema in ``json_schema``),
``html`` (one self-contained page, its charts from ``charts``, drawn by pygal as
``pygal_lean`` sets it up), ``dashboard`` (the Excel dashboard, a package with a module
per sheet) and ``tables`` (tidy CSV and Parquet tables, their columns in
``table_columns``). ``wording`` holds every word the formats show for the report's keys.
``formats`` names them all and the files each writes. Import the module you need: the
JSON path stays free of heavy imports so the command line starts fast.
"""
