"""The commands that work on many files: build one kit per CSV row, analyze many returned
kits, write outputs whole, share worker processes."""
