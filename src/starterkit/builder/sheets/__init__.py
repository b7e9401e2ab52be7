"""One module per sheet, each with a `write(ctx)` function."""
