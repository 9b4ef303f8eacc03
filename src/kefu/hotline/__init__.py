"""The hotline desk (热线): incoming-call screen, call forms, outbound call tasks, the
missed-call list, recordings and their QC score, 通时通次, and the PBX's event endpoint."""
