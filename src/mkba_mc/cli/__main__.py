"""``python -m mkba_mc.cli``: the command line."""

import sys

from . import main

sys.exit(main())
