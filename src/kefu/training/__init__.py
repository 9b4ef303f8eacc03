"""Training from QC (培训): courses, quizzes, notices, violations and proposals."""
