"""Quality inspection (质检): the rules of shared/spec/qc-rules.md."""
