"""Follow-up of inquirers who did not buy (询单跟进): why, and the second and third contact."""
