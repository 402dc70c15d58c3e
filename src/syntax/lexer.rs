//! Tokenizer for the Python subset (indentation-aware).
