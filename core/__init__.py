"""What every app shares and no app owns: plain Python below the four apps (no models, not an
installed app). It imports none of them (.importlinter)."""
