"""A document the clerk sends (last year's summary as .docx): checked, read, shown for 核对.

Nothing read is used until the clerk presses 「用这份」: until then the report waits here,
in this process, one per clerk (a newer upload replaces it, and the older buttons go
stale). A press that finds nothing (the bot restarted, or another instance on the same
database took the press) asks for the file again: nothing was used, nothing stored.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict

from app import texts
from app.actions import DropImport, UseImport
from app.messages import Choice, Text
from dialogs.earlier import EarlierReport
from dialogs.questionnaire import Questionnaire
from drafting.prose.wording import Wording
from importing import safety
from importing.docx_reader import read_report
from importing.safety import Refused, check_upload
from importing.sections import section_vocabulary

log = logging.getLogger(__name__)

PENDING_CLERKS = 1000  # reports waiting for 核对 at once; the oldest is forgotten beyond
_TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_SHOWN_ITEMS = 8  # plans / problems listed one by one in the 核对 message; more are counted
_SHOWN_CHARS = 30


class ImportDesk:
    """Reads uploads and keeps each clerk's last one until it is used or dropped."""

    def __init__(self, questionnaire: Questionnaire, wording: Wording) -> None:
        self._vocabulary = section_vocabulary(questionnaire, wording)
        self._titles = {section.id: section.title for section in questionnaire.sections}
        self._pending: OrderedDict[int, tuple[str, EarlierReport]] = OrderedDict()

    def read(self, file_name: str, data: bytes) -> EarlierReport | Text:
        """What the upload says, or the reply saying why it is not read. Touches nothing
        shared, so it runs off the event loop (a large file takes a while to parse)."""
        checked = check_upload(data, file_name)
        if isinstance(checked, Refused):
            return Text(checked.message)
        try:
            report = read_report(checked, self._vocabulary)
        except Exception as error:  # noqa: BLE001 - a checked zip can still hold parts python-docx cannot read
            log.warning("an upload could not be read: %s", type(error).__name__)
            return Text(safety.CORRUPT)
        if not (report.sections or report.plans or report.problems):
            return Text(texts.IMPORT_NOTHING)
        return report

    def offer(self, owner: int, report: EarlierReport) -> Text:
        """``report`` shown for 核对 with 用这份 / 不用, kept as the clerk's one waiting upload."""
        token = "".join(secrets.choice(_TOKEN_ALPHABET) for _ in range(8))
        self._pending[owner] = (token, report)
        self._pending.move_to_end(owner)
        while len(self._pending) > PENDING_CLERKS:
            self._pending.popitem(last=False)
        choices = ((Choice(texts.IMPORT_USE, UseImport(token)), Choice(texts.IMPORT_DROP, DropImport(token))),)
        return Text(self.summary(report), choices=choices)

    def take(self, owner: int, token: str) -> EarlierReport | None:
        """The report shown under ``token``, forgotten here; None if it is not the one waiting."""
        waiting = self._pending.get(owner)
        if waiting is None or waiting[0] != token:
            return None
        del self._pending[owner]
        return waiting[1]

    def drop(self, owner: int, token: str) -> bool:
        return self.take(owner, token) is not None

    def summary(self, report: EarlierReport) -> str:
        """What was understood, a line per section: heading, facts and figures counted, and
        the plans and problems one by one (shortened)."""
        origin = report.origin
        about = "，".join(part for part in (f"{origin.year}年" if origin.year else "", origin.span, origin.unit_name) if part)
        lines = [texts.IMPORT_READ.format(name=origin.file_name, about=f"（{about}）" if about else "")]
        for section in report.sections:
            name = self._titles.get(section.section_id) or texts.IMPORT_UNSORTED
            heading = f"「{section.heading}」" if section.heading and section.heading != name else ""
            figures = texts.IMPORT_FIGURES.format(count=len(section.figures)) if section.figures else ""
            lines.append(f"· {name}{heading}：{len(section.facts)} 条{figures}")
        for title, items in ((self._titles.get("problems", "存在问题"), report.problems), (self._titles.get("plans", "下一步打算"), report.plans)):
            if not items:
                continue
            lines.append(f"· {title}：{len(items)} 条")
            lines.extend(f"  {n}. {_short(item)}" for n, item in enumerate(items[:_SHOWN_ITEMS], start=1))
            if len(items) > _SHOWN_ITEMS:
                lines.append(f"  …… 另有 {len(items) - _SHOWN_ITEMS} 条")
        lines.append("")
        lines.append(texts.IMPORT_ASK)
        return "\n".join(lines)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "……"
