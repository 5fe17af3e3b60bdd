"""``python -m siversk_map``."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:  # Ctrl-C while the libraries load: one line, as in main
    print("interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
