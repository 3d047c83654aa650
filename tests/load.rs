//! Loading the export: the parser on the real extract and on bad input.
