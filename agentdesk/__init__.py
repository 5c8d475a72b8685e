"""AgentDesk: a desktop workstation for customer-service agents."""

__version__ = "0.1.0"
