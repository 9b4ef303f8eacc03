"""Training from QC (培训): courses and quizzes, assignments, rectification notices, violations, proposals."""
