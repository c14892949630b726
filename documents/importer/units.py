"""Responsible-unit cells → canonical unit names, their sections, and "every unit".

What a cell can hold, and what we make of it:

* Unit names in any spelling: สำนักปลัดฯ, สำนักงานปลัด, สป., สำนักปลัดเทศบาล, สำนักปลัด อบต.
  → สำนักปลัด. Spaces are removed before matching, because PDF extraction breaks names
  across lines (`กองยุทธศาสตร์ และงบประมาณ`). Typos of known names (`กงยยุทธศาสตร์…`) are
  matched with rapidfuzz against the known names; a name that is the start of exactly one
  known name (`กองวิชาการ`) becomes that name.
* A section in brackets or after a slash (`สำนักปลัด (งานนิติการ)`, `กองคลัง/งานพัสดุ`) is kept
  as the unit's section. A section named alone (`งานนิติการ`) is placed in the unit the same
  document puts it in, else in สำนักปลัด (with a warning).
* `ทุกส่วนราชการ`, `ทุกกอง/ฝ่าย`, `ทุกกอง`, `ทุกสำนัก/กอง`, `ทุกภารกิจงาน`, `แต่ละส่วนงาน`… mean
  every unit of the organization: the units already stored for it plus those named anywhere
  in the document; when it has none stored yet, the standard set สำนักปลัด, กองคลัง, กองช่าง
  plus those the document names.
  `ทุกภารกิจที่เกี่ยวข้อง` ("every mission concerned") is *not* every unit.
* Positions (นิติกร, นักวิเคราะห์ฯ, ผู้บริหาร, เจ้าหน้าที่…) are not units. A cell with only
  positions falls back to สำนักปลัด, with a warning for the coordinator.
* Any other `กอง…` / `ส่วน…` / `หน่วย…` name is a unit we do not know: it is created on import
  (`created_by_import`) and listed for review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

DEFAULT_UNIT = "สำนักปลัด"
STANDARD_SET = ("สำนักปลัด", "กองคลัง", "กองช่าง")

# Canonical names in the order units are listed. Whole names only: no name here may be the
# beginning of another, or prefix matching would become ambiguous.
KNOWN_UNITS = (
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองสวัสดิการสังคม",
    "กองยุทธศาสตร์และงบประมาณ",
    "กองวิชาการและแผนงาน",
    "กองการเจ้าหน้าที่",
    "กองส่งเสริมการเกษตร",
    "กองการประปา",
    "กองการแพทย์",
    "กองป้องกันและบรรเทาสาธารณภัย",
    "กองทะเบียนราษฎร",
    "กองพัสดุและทรัพย์สิน",
    "หน่วยตรวจสอบภายใน",
)

_ALIASES = (
    (
        re.compile(
            r"สำนัก(?:งาน)?ปลัด(?:ฯ|เทศบาล(?:ตำบล|เมือง|นคร)?|อบต\.?|อบจ\.?"
            r"|องค์การบริหารส่วน(?:ตำบล|จังหวัด))?"
        ),
        "สำนักปลัด",
    ),
    (re.compile(r"(?<![\u0e01-\u0e4e])สป\.?(?![\u0e01-\u0e4e])"), "สำนักปลัด"),
    (re.compile(r"กองการคลัง|กองคลัง"), "กองคลัง"),
    (re.compile(r"กองโยธา"), "กองช่าง"),
    (re.compile(r"กองการศึกษา(?:ศาสนาและวัฒนธรรม)?"), "กองการศึกษา"),
    (re.compile(r"กองสาธารณสุข(?:และสิ่งแวดล้อม)?"), "กองสาธารณสุขและสิ่งแวดล้อม"),
    (re.compile(r"(?:หน่วย|งาน)ตรวจสอบภายใน"), "หน่วยตรวจสอบภายใน"),
)

ALL_UNITS_RE = re.compile(
    r"ทุกส่วนราชการ|ทุกสำนัก(?:/กอง)?|ทุกกอง(?:/ฝ่าย|/สำนัก|ฝ่าย)?|ทุกภารกิจ(?:งาน)?(?!ที่เกี่ยวข้อง)"
    r"|ทุกฝ่าย|ทุกส่วนงาน|แต่ละส่วนงาน|แต่ละกอง|ทุกหน่วยงาน(?!ภายนอก)"
)
_RELATED_RE = re.compile(r"ทุกภารกิจ(?:งาน)?ที่เกี่ยวข้อง|หน่วยงานที่เกี่ยวข้อง")
_POSITION_RE = re.compile(
    r"นิติกร|นักวิเคราะห์|นักทรัพยากร|นักจัดการ|นักประชาสัมพันธ์|นักวิชาการ|นักพัฒนา"
    r"|เจ้าพนักงาน|เจ้าหน้าที่|ผู้บริหา|ผู้อำนวยการ|หัวหน้า|นายก|รองนายก|ปลัด|พนักงาน|บุคลากร"
    r"|ผู้รับผิดชอบ|คณะทำงาน|คณะกรรมการ"
)
# Where an unknown name or a section stops: the next word that starts something else.
_STOP = (
    r"(?=ทุก|แต่ละ|กอง|สำนัก|งาน|ฝ่าย|หน่วย|และ(?!งบ|แผน|สิ่ง|วัฒน|บรรเทา|ทรัพย์)|หรือ"
    r"|ผู้|เจ้าหน้าที่|นัก|นิติกร|ดำเนิน|จัดทำ|รวบรวม|ส่งมอบ|เผยแพร่|[,/()\-]|\d|$)"
)
_BRACKET_SECTION_RE = re.compile(r"\(((?:กลุ่มงาน|งาน|ฝ่าย)[^()]*)\)")
_SECTION_RE = re.compile(r"(?:กลุ่มงาน|งาน|ฝ่าย)[\u0e01-\u0e4e]+?" + _STOP)
_UNKNOWN_RE = re.compile(r"(?:กอง|ส่วน(?!ราชการ|งาน|ร่วม|ที่)|หน่วย(?!งาน))[\u0e01-\u0e4e]{2,}?" + _STOP)


@dataclass
class UnitCell:
    """What one responsible cell names."""

    units: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # unit → section
    loose_sections: list[str] = field(default_factory=list)  # sections with no unit named
    every_unit: bool = False
    related_only: bool = False  # "ทุกภารกิจที่เกี่ยวข้อง": not every unit, but someone
    positions: bool = False
    unknown: list[str] = field(default_factory=list)  # unit names we do not know

    @property
    def empty(self) -> bool:
        return not (self.units or self.every_unit or self.loose_sections)


def _squash(text: str) -> str:
    text = re.sub(r"\s+", "", text.replace("\n", ","))
    return text.replace("（", "(").replace("）", ")")


class UnitMatcher:
    """Matches unit names against the known ones: the standard catalogue, the units the
    organization already has, and units learned from the document."""

    def __init__(self, extra: list[str] | tuple[str, ...] = ()) -> None:
        self.names: list[str] = list(KNOWN_UNITS)
        for name in extra:
            self.add(name)

    def add(self, name: str) -> None:
        name = _squash(name)
        if name and name not in self.names:
            self.names.append(name)

    def canonical(self, written: str) -> str | None:
        """The known name for a written unit name, or None."""
        squashed = _squash(written).rstrip("ฯ.")
        for pattern, name in _ALIASES:
            if pattern.fullmatch(squashed):
                return name
        if squashed in self.names:
            return squashed
        longer = [n for n in self.names if n.startswith(squashed) and len(squashed) >= 5]
        if len(longer) == 1:
            return longer[0]
        best = max(self.names, key=lambda n: fuzz.ratio(n, squashed))
        if len(best) >= 8 and fuzz.ratio(best, squashed) >= 88:
            return best
        return None

    def parse(self, cell: str) -> UnitCell:
        """Read a responsible-unit cell."""
        result = UnitCell()
        text = _squash(cell)
        if not text:
            return result
        spans: list[tuple[int, int, str]] = []  # (start, end, canonical unit or "")
        sections: list[tuple[int, str]] = []  # (position, section)

        def free(start: int, end: int) -> bool:
            return all(end <= s or start >= e for s, e, _ in spans)

        for m in _RELATED_RE.finditer(text):
            result.related_only = True
            spans.append((m.start(), m.end(), ""))
        for m in ALL_UNITS_RE.finditer(text):
            if free(m.start(), m.end()):
                result.every_unit = True
                spans.append((m.start(), m.end(), ""))
        for m in _BRACKET_SECTION_RE.finditer(text):
            sections.append((m.start(), m.group(1)))
            spans.append((m.start(), m.end(), ""))
        for pattern, name in _ALIASES:
            for m in pattern.finditer(text):
                if free(m.start(), m.end()):
                    spans.append((m.start(), m.end(), name))
        for name in sorted(self.names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                if free(m.start(), m.end()):
                    spans.append((m.start(), m.end(), name))
        self._fuzzy(text, spans, free)
        for m in _UNKNOWN_RE.finditer(text):
            if free(m.start(), m.end()):
                written = m.group(0).rstrip("ฯ.")
                name = self.canonical(written) or written
                if name not in self.names:
                    result.unknown.append(name)
                spans.append((m.start(), m.end(), name))
        for m in _SECTION_RE.finditer(text):
            if free(m.start(), m.end()) and not text[: m.start()].endswith(("ส่วน", "ใน")):
                sections.append((m.start(), m.group(0)))
                spans.append((m.start(), m.end(), ""))
        spans.sort()
        named = [(s, e, n) for s, e, n in spans if n]
        for _, _, name in named:
            if name not in result.units:
                result.units.append(name)
        for position, section in sorted(sections):
            owner = None
            for _s, e, name in named:
                if e <= position and re.fullmatch(r"[(/]?(?:หรือ)?", text[e:position]):
                    owner = name
            if owner and owner not in result.sections:
                result.sections[owner] = section
            elif not owner and section not in result.loose_sections:
                result.loose_sections.append(section)
        leftover = text
        for s, e, _ in sorted(spans, reverse=True):
            leftover = leftover[:s] + " " + leftover[e:]
        result.positions = bool(_POSITION_RE.search(leftover))
        return result

    def _fuzzy(self, text: str, spans, free) -> None:
        """Typos of long known names, e.g. กงยยุทธศาสตร์และงบประมาณ. The match must start
        where a unit name can start, not inside a section name (งานการเจ้าหน้าที่)."""
        for name in self.names:
            if len(name) < 8:
                continue
            align = fuzz.partial_ratio_alignment(name, text, score_cutoff=88)
            if align is None:
                continue
            start, end = align.dest_start, align.dest_end
            if (
                end - start >= len(name) * 0.8
                and free(start, end)
                and text[start] == name[0]
                and not text[:start].endswith(("งาน", "ฝ่าย", "ส่วน"))
            ):
                spans.append((start, end, name))


def order_units(names) -> list[str]:
    """Known units in the catalogue's order, then the others in the order first seen."""
    names = list(dict.fromkeys(names))
    known = [n for n in KNOWN_UNITS if n in names]
    return known + [n for n in names if n not in KNOWN_UNITS]


def every_unit(org_units: list[str], document_units: list[str]) -> list[str]:
    """What `ทุกส่วนราชการ` expands to: the organization's stored units and the units the
    document names. An organization with no units stored yet is taken to have at least
    the standard set every local administration has (สำนักปลัด, กองคลัง, กองช่าง): a
    document that names only สำนักปลัด still means more than one unit by `ทุกกอง`."""
    base = list(org_units) or list(STANDARD_SET)
    return order_units([*base, *document_units])
