"""Every change goes through these functions: validate, write in one transaction, audit."""
