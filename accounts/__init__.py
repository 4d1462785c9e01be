"""Staff sign-in: password plus TOTP second factor, lockout, password policy, session limits."""
