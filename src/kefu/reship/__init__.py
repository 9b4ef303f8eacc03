"""Re-shipping (补发/补单) and warehouse intercepts (拦截)."""
