"""`python -m auditor`, the same as the `audit` command.

`python -m` puts the working directory first on `sys.path`. When that directory is the
audited repository, its `json.py` or `typing.py` would shadow the standard library and
run as the auditor imports it; drop the entry before anything else is imported.
"""

import os
import sys

if sys.path and not sys.flags.safe_path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from auditor.cli import main  # noqa: E402

main()
