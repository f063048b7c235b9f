"""What every resolver receives as `info.context`: one per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..settings import Settings
from ..store import Executor
from ..usecases.reads import DirectoryReads


@dataclass
class RequestContext:
    settings: Settings
    executor: Executor
    request_id: str
    reads: DirectoryReads = field(init=False)

    def __post_init__(self) -> None:
        self.reads = DirectoryReads(self.executor)

    def today(self) -> date:
        """The date in the services' own time zone (Brussels, Amsterdam and Luxembourg share it)."""
        if self.settings.today is not None:
            return self.settings.today
        return datetime.now(ZoneInfo(self.settings.timezone)).date()
