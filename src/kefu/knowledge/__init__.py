"""Knowledge the team answers with: quick phrases (快捷短语) and FAQ entries."""
