"""AgentDesk: a desktop workstation for customer-service agents."""

import time as _time

__version__ = "0.1.0"
STARTED_AT = _time.time()  # first import of the package: the start-up probe's zero
