"""Issue 17: buyer text became a live Excel formula in the feedback workbook that is
mailed weekly. Every export escapes such cells (kefu/kit/cells.py)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from kefu.bot import kb
from kefu.feedback import service as feedback
from kefu.kit.cells import csv_text, escape_cell, unescape_cell
from kefu.kit.xlsx import write_workbook
from kefu.models import Agent
from kefu.models.team import Role
from tests.chat_helpers import WORK_TIME, frozen_at
from tests.factories import add_agent
from tests.test_feedback import MONDAY, chat_message, tag

FORMULAS = ['=HYPERLINK("http://x","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


class TestEscapeCell:
    @pytest.mark.parametrize("text", FORMULAS)
    def test_formula_text_gets_an_apostrophe_and_comes_back(self, text: str) -> None:
        assert escape_cell(text) == "'" + text
        assert unescape_cell(escape_cell(text)) == text

    @pytest.mark.parametrize("value", ["快递太慢", "a=b", "'引号开头", 12, -3.5, None])
    def test_other_values_unchanged(self, value: object) -> None:
        assert escape_cell(value) == value
        if isinstance(value, str):
            assert unescape_cell(value) == value


class TestCsvText:
    def test_every_cell_escaped_numbers_kept(self) -> None:
        text = csv_text(["a", "b"], [["=1+1", -4], ["ok", "@x"]])
        rows = list(csv.reader(io.StringIO(text)))
        assert rows == [["a", "b"], ["'=1+1", "-4"], ["ok", "'@x"]]


class TestWriteWorkbook:
    def test_no_cell_is_a_formula(self) -> None:
        buffer = io.BytesIO()
        write_workbook(buffer, {"s": [["h"], *[[text] for text in FORMULAS], [7]]})
        sheet = load_workbook(io.BytesIO(buffer.getvalue()))["s"]
        cells = [row[0] for row in sheet.iter_rows(min_row=2)]
        assert all(cell.data_type != "f" for cell in cells)
        # (XML keeps a CR as a line feed)
        expected = ["'" + t.replace("\r", "\n") for t in FORMULAS] + [7]
        assert [cell.value for cell in cells] == expected


class TestBuyerTextBecomesExcelFormulaInFeedbackWorkbook:
    def test_feedback_workbook_quotes_buyer_formula_as_text(self, session: Session) -> None:
        mei: Agent = add_agent(session, "mei", Role.aftersale)
        attack = '=HYPERLINK("http://evil.example","点我退款")'
        with frozen_at(WORK_TIME):
            _c, session_id, message_id = chat_message(session, attack)
            tag(session, session_id, message_id, "logistics", mei)
        data = feedback.report_xlsx(feedback.weekly_report(session, week_start=MONDAY))
        book = load_workbook(io.BytesIO(data))
        cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
        assert not [c for c in cells if c.data_type == "f"]
        quoted = [c.value for c in cells if isinstance(c.value, str) and "=HYPERLINK" in c.value]
        assert quoted and all(value.startswith("'=") for value in quoted)


class TestKbCsvRoundTrip:
    def test_exported_formula_answer_imports_back_unchanged(self, session: Session) -> None:
        kb.do_add(
            session,
            entry=kb.EntryIn(
                intent="shipping_time", questions=["多久发货"], answer="=1+1 元", product_id=None
            ),
        )
        exported = kb.export_csv(session)
        assert ",'=1+1 元," in exported
        kb.do_import_csv(session, data=exported)
        assert {row.answer for row in kb.repository.entries(session)} == {"=1+1 元"}
