"""Pure rules of the work: vocabularies, references, dates. No Textual, no database."""
