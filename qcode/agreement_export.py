"""Write an agreement report to an Excel workbook: summary, per code, disagreements."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from qcode.agreement import AgreementReport, Scores
from qcode.errors import QcodeError

_BOLD = Font(bold=True)
_STATS = ["units", "agreement %", "Cohen's kappa", "Fleiss' kappa", "Krippendorff's alpha"]


def _clean(text: str) -> str:
    """Text without the control characters an .xlsx cannot hold."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _cells(s: Scores) -> list[object]:
    return [s.units, round(100 * s.percent, 2), s.cohen, s.fleiss, s.alpha]


def export_agreement_xlsx(report: AgreementReport, path: Path) -> Path:
    """Write `report` to `path` (.xlsx); returns the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise QcodeError(f"{path}: agreement reports are written as .xlsx")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Summary"
    ws.append(["Inter-coder agreement"])
    ws["A1"].font = _BOLD
    ws.append(["coders", _clean(", ".join(report.coders))])
    ws.append(["coder UUIDs", ", ".join(report.coder_uuids)])
    ws.append(["unit", report.unit])
    ws.append(["documents compared", len(report.documents)])
    ws.append([])
    ws.append(["", *_STATS])
    ws.append(["overall (all codes pooled)", *_cells(report.overall)])
    ws.append([])
    ws.append(["documents"])
    for name in report.documents:
        ws.append([_clean(name)])

    per = wb.create_sheet("Per code")
    per.append(["code", *_STATS, *[f"units coded by {n}" for n in report.coders]])
    for c in report.per_code:
        counts = [c.coded.get(n, 0) for n in report.coders]
        per.append([_clean(c.code_path), *_cells(c.scores), *counts])

    dis = wb.create_sheet("Disagreements")
    dis.append(["document", "unit", "start", "end", "code", "coded by", "not coded by", "text"])
    for d in report.disagreements:
        dis.append([_clean(d.document_name), d.unit, d.start, d.end, _clean(d.code_path),
                    _clean(", ".join(d.coded_by)), _clean(", ".join(d.not_coded_by)),
                    _clean(d.text)])
    for sheet in (per, dis):
        for cell in sheet[1]:
            cell.font = _BOLD
        sheet.freeze_panes = "A2"
    try:
        wb.save(path)
    except OSError as exc:
        raise QcodeError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc
    return path
