"""Output formats for analysis reports, one module per format.

``json_report`` (the versioned JSON document, with its JSON Schema in ``json_schema``) and
``text`` (the terminal report). Import the module you need: the JSON path stays free of
heavy imports so the command line starts fast.
"""
