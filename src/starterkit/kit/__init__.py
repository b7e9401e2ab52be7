"""The workbook contract: the keys the builder writes and the reader reads, defined once."""
