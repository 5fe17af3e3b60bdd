"""``python -m siversk_map``."""

from .cli import main

raise SystemExit(main())
