"""Analysis services: matrices, co-occurrence, retrieval in context, cases, memos, evidence."""
