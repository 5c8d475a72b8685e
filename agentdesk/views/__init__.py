"""One module per thing the user sees, each with its Qt models."""
