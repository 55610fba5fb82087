"""Services the app and the CLI call: one reviewer's decisions, gazetteer suggestions, adjudication."""
