"""Pure business rules: parsing and checking, no database and no Qt."""
