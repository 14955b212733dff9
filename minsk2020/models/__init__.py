"""Models the chapters compute with; import the data half and the core only, never the book half."""
