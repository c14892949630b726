"""Write tests/corpus/generated.tsv: labelled chat messages built from templates.

`python tests/corpus/generate.py` (deterministic: a fixed seed). The situations come from
shared/docs/DOMAIN.md — officers reporting items of the OIT/EIT catalogue, heads asking how
their unit stands, and the everyday chatter of a local administration's LINE groups (meetings,
leave, lunch, budgets, last year's scores) that carries dates, percentages and status words
without being about our work. Every template fixes its own label, so the label never comes
from the parser it trains.

The held-aside set (heldout.tsv) was written by hand before this file and shares no
template with it. Columns of both: intent, refs, percent, date, updates, text; `updates`
is filled for multi-item messages only ("o12=done;o13=in_progress@50").
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

OUT = Path(__file__).with_name("generated.tsv")
TODAY = date(2023, 3, 15)
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

PARTICLES = ["", " ครับ", " ค่ะ", "ครับ", "ค่ะ", " นะคะ", " ครับผม", " จ้า", " ค่า", " นะครับ",
             " คร้าบ", " ค่ะพี่", " ครับท่าน", " 🙏", " ค่ะ 😊", " ✅", " นะ", " จ้ะ", " ครับ 👍"]
OPENERS = ["", "", "", "แจ้งครับ ", "เรียนท่าน ", "อัปเดตงานค่ะ ", "พี่ครับ ", "รายงานค่ะ ",
           "ท่านปลัดคะ ", "เรื่องงาน ITA ", "ตอนนี้ ", "สวัสดีค่ะ ", "ขออนุญาตแจ้งครับ "]
OBJECTS = ["คู่มือการปฏิบัติงาน", "แผนจัดซื้อจัดจ้าง", "รายงานผลการจัดซื้อจัดจ้าง", "ประกาศเจตจำนงสุจริต",
           "ข้อมูลผู้บริหาร", "โครงสร้างองค์กร", "ช่องทางรับเรื่องร้องเรียน", "แผนป้องกันการทุจริต",
           "รายงานกำกับติดตามการใช้งบ", "สถิติการให้บริการ", "E-Service", "คำสั่งมอบหมายงาน",
           "ข่าวประชาสัมพันธ์", "แผนพัฒนาบุคลากร", "ประมวลจริยธรรม", "Q&A บนเว็บ", "รายงานผลการดำเนินงาน",
           "ข้อมูลเชิงสถิติเรื่องร้องเรียน", "นโยบายผู้บริหาร", "แผนการใช้จ่ายงบประมาณ", "ไฟล์ pdf",
           "หนังสือเวียน", "มาตรการส่งเสริมคุณธรรม", "ข้อมูลติดต่อ", "กฎหมายที่เกี่ยวข้อง"]
UNITS = ["กองคลัง", "กองช่าง", "สำนักปลัด", "สป.", "กองการศึกษา", "กองสาธารณสุข", "กองสวัสดิการสังคม",
         "หน่วยตรวจสอบภายใน", "กองยุทธศาสตร์และงบประมาณ", "สำนักปลัดฯ"]

DONE = ["เสร็จแล้ว", "ดำเนินการแล้ว", "เรียบร้อยแล้ว", "ลงเว็บแล้ว", "ขึ้นเว็บไซต์แล้ว", "อัปโหลดแล้ว",
        "upload แล้ว", "done แล้ว", "เผยแพร่แล้ว", "ส่งแล้ว", "โพสต์แล้ว", "ประกาศแล้ว", "เสร็จสิ้นแล้ว",
        "ทำเสร็จแล้ว", "จัดทำเสร็จเรียบร้อย", "ลงนามแล้ว อัปขึ้นเว็บแล้ว", "เสร็ดแล้ว", "เรียบร้อบ",
        "ดำเนินการเรียบร้อยแล้ว", "เอาขึ้นเว็บแล้ว", "ลงให้แล้ว", "อัพโหลดเรียบร้อย", "finish แล้ว",
        "ok แล้ว", "เสร็จละ", "ทำครบแล้ว", "แก้ไขเสร็จแล้ว", "ติดประกาศแล้ว", "ส่งเข้าระบบแล้ว"]
PROGRESS = ["กำลังทำ", "กำลังดำเนินการ", "อยู่ระหว่างดำเนินการ", "ทำอยู่", "กำลังจัดทำ",
            "รอผู้บริหารลงนาม", "รอท่านนายกเซ็น", "ใกล้เสร็จแล้ว", "เกือบเสร็จ", "กำลังรวบรวมข้อมูล",
            "ทำไปบ้างแล้ว", "อยู่ในขั้นตอนเสนอผู้บริหาร", "กะลังทำอยู่", "ร่างเสร็จแล้ว รอเสนอ",
            "กำลังแก้ไขตามที่ท่านสั่ง", "ยังไม่เสร็จดี กำลังทำ", "on process", "กำลังตรวจทาน"]
PERCENT_FORMS = ["{n}%", "{n} %", "{n} เปอร์เซ็นต์", "{n}เปอร์เซ็น", "ประมาณ {n}%", "ราวๆ {n}%"]
PERCENT_LEADS = ["ได้ ", "คืบหน้า ", "ทำไป ", "ไปได้ ", "", "ความคืบหน้า "]
NOT_STARTED = ["ยังไม่ได้ทำ", "ยังไม่เริ่ม", "ยังไม่ดำเนินการ", "ยังไม่ได้เริ่มเลย", "ยังไม่ได้ดำเนินการ",
               "ยังไม่ได้จัดทำ", "ยังไม่ได้เริ่มทำเลย", "ยังไม่ได้ลงมือ", "ยังไม่เริ่มเลย"]
PROBLEMS = ["ติดปัญหาระบบเว็บล่ม", "อัปโหลดไม่ได้ ระบบมีปัญหา", "ขอขยายเวลาอีก 1 สัปดาห์",
            "ขอเลื่อนกำหนดส่งได้ไหม", "ทำไม่ทันกำหนด", "ข้อมูลยังไม่ครบ ทำต่อไม่ได้", "งบประมาณไม่พอ",
            "ไม่มีเจ้าหน้าที่ทำ", "ติดเรื่องผู้บริหารยังไม่อนุมัติ", "มีอุปสรรคเรื่องเอกสาร",
            "ไฟล์เสีย ต้องทำใหม่", "เว็บเข้าไม่ได้", "ติดขัดเรื่องงบ", "ผู้รับจ้างยังไม่ส่งงาน ทำต่อไม่ได้",
            "คอมพัง ข้อมูลหายหมด", "ขอเวลาเพิ่มอีกหน่อย"]

# Relative and written dates with the day they stand for (today is 15 March 2023).
DATES = [("เมื่อวาน", "2023-03-14"), ("วันนี้", "2023-03-15"), ("เมื่อวันที่ 10 มี.ค. 66", "2023-03-10"),
         ("เมื่อ ๘ มี.ค.", "2023-03-08"), ("เมื่อวันจันทร์", "2023-03-13"), ("เมื่อ 1 มี.ค. 2566", "2023-03-01"),
         ("วันที่ 20 ก.พ. 66", "2023-02-20"), ("เมื่อวานนี้", "2023-03-14")]


def ref(r: random.Random, code: str | None = None) -> tuple[str, str]:
    """(written form, normalized code)."""
    if code is None:
        letter = r.choices("oei", weights=(8, 2, 1))[0]
        code = f"{letter}{r.randint(1, 43 if letter == 'o' else 15)}"
    letter, n = code[0], int(code[1:])
    forms = [f"{letter}{n}", f"{letter.upper()}{n}", f"{letter.upper()} {n}", f"ข้อ {letter}{n}",
             f"{letter}{n}".translate(THAI)]
    if letter == "o":
        forms += [f"OIT {n}", f"ข้อ ๐{n:02d}".translate(THAI), f"โอ{n}", f"OIT{n}"]
    if letter == "e":
        forms += [f"EIT {n}"]
    return r.choice(forms), code


def pct(r: random.Random) -> tuple[str, int]:
    n = r.choice([10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 65, 70, 75, 80, 85, 90, 95])
    text = r.choice(PERCENT_LEADS) + r.choice(PERCENT_FORMS).format(n=n)
    return (text.translate(THAI) if r.random() < 0.2 else text), n


def row(intent, refs=(), percent=None, day=None, text="", updates="") -> tuple:
    return (intent, ",".join(refs), "" if percent is None else str(percent), day or "", updates,
            " ".join(text.split()))


def single_update(r: random.Random, with_ref: bool = True, written: str | None = None,
                  ) -> tuple[str, str, int | None, str | None, str]:
    """(text, intent, percent, date, ref code) of one update about one item (or the items
    `written` names)."""
    if written is not None:
        code = ""
    else:
        written, code = ref(r) if with_ref else ("", "")
    kind = r.choices(["done", "in_progress", "pct", "not_started", "problem"],
                     weights=(5, 3, 3, 2, 3))[0]
    obj = r.choice(OBJECTS) + " " if r.random() < 0.35 else ""
    head = f"{written} {obj}" if with_ref else obj
    percent = day = None
    if kind == "done":
        text = head + r.choice(DONE)
        if r.random() < 0.3:
            when, day = r.choice(DATES)
            text = f"{when} {text}" if r.random() < 0.5 else f"{text} {when}"
        intent = "done"
    elif kind == "in_progress":
        text, intent = head + r.choice(PROGRESS), "in_progress"
    elif kind == "pct":
        said, percent = pct(r)
        text, intent = head + said, "in_progress"
    elif kind == "not_started":
        text, intent = head + r.choice(NOT_STARTED), "not_started"
    else:
        text, intent = head + r.choice(PROBLEMS), "problem"
    return text, intent, percent, day, code


def updates(r: random.Random, n: int) -> list[tuple]:
    rows = []
    for _ in range(n):
        text, intent, percent, day, code = single_update(r, with_ref=r.random() < 0.8)
        rows.append(row(intent, [code] if code else [], percent, day,
                        r.choice(OPENERS) + text + r.choice(PARTICLES)))
    return rows


def multi(r: random.Random, n: int) -> list[tuple]:
    joins = [" ", " / ", ", ", " ส่วน ", " และ ", " / ", "  "]
    rows = []
    for _ in range(n):
        parts, labels, refs, used = [], [], [], set()
        for _ in range(r.randint(2, 4)):
            ranged = r.random() < 0.15
            if ranged:
                first = r.randint(1, 40)
                codes = [f"o{first}", f"o{first + 1}"]
                form = r.choice(["o{a}-o{b}", "o{a}-{b}", "OIT ข้อ {a}-{b}", "o{a} ถึง o{b}"])
                text, intent, percent, day, _ = single_update(r, written=form.format(a=first, b=first + 1))
            else:
                text, intent, percent, day, code = single_update(r)
                codes = [code]
            if used & set(codes):
                continue
            used.update(codes)
            parts.append(text + (r.choice(["", " ครับ", " ค่ะ"]) if r.random() < 0.3 else ""))
            for c in codes:
                refs.append(c)
                label = intent + (f"@{percent}" if percent is not None else "")
                labels.append(f"{c}={label}" + (f"@{day}" if day else ""))
        if len(parts) < 2:
            continue
        text = r.choice(OPENERS) + r.choice(joins).join(parts) + r.choice(PARTICLES)
        rows.append(row("multi", refs, text=text, updates=";".join(labels)))
    return rows


QUESTIONS = {
    "status": ["{ref} ถึงไหนแล้ว", "{ref} เสร็จหรือยัง", "{unit} คืบหน้ายังไงบ้าง", "สถานะ {ref}",
               "{ref} ใครทำอยู่", "{ref} ทำแล้วยัง", "ภาพรวม ITA ตอนนี้เป็นยังไง", "{unit} ไปถึงไหน",
               "{ref} เรียบร้อยหรือยัง", "ขอดูสถานะ {unit}", "{ref} ล่ะ", "{unit} ส่งครบหรือยัง",
               "ตัวชี้วัดที่ 9 คืบหน้าเท่าไร", "{ref} อัปโหลดแล้วหรือยัง", "{ref} กี่เปอร์เซ็นต์แล้ว"],
    "outstanding": ["ยังค้างอะไรบ้าง", "ข้อไหนเลยกำหนดแล้วบ้าง", "งานค้างมีอะไรบ้าง",
                    "มีข้อไหนที่ยังไม่เสร็จบ้าง", "ขอรายการงานค้าง", "ข้อที่ยังไม่ได้ทำมีกี่ข้อ",
                    "อะไรที่เกินกำหนดบ้าง", "{unit} ค้างข้อไหนบ้าง"],
    "my_tasks": ["งานของฉัน", "งานของผมมีอะไรบ้าง", "ฉันต้องทำข้อไหนบ้าง", "หนูรับผิดชอบข้อไหนคะ",
                 "ขอดูงานของผม", "งานที่ผมต้องทำ", "ของผมเหลือข้อไหน", "งานที่ดิฉันรับผิดชอบ"],
    "report": ["ขอรายงาน 6 เดือน", "ขอรายงานรอบ 12 เดือน", "ออกรายงานผลการดำเนินงานให้หน่อย",
               "ขอไฟล์รายงานประจำปี", "ขอรายงานสรุปมาตรการ", "ส่งรายงาน 6 เดือนมาให้หน่อย"],
    "help": ["วิธีใช้", "ใช้ยังไง", "บอททำอะไรได้บ้าง", "พิมพ์อะไรได้บ้าง", "help",
             "ถ้าจะรายงานว่าเสร็จต้องพิมพ์ยังไง", "ช่วยด้วย ใช้ไม่เป็น", "สอนใช้หน่อย"],
}


def questions(r: random.Random, n: int) -> list[tuple]:
    rows = []
    for _ in range(n):
        intent = r.choices(list(QUESTIONS), weights=(6, 3, 3, 2, 2))[0]
        template = r.choice(QUESTIONS[intent])
        written, code = ref(r)
        text = template.format(ref=written, unit=r.choice(UNITS))
        refs = [code] if "{ref}" in template else []
        ending = r.choice(["ครับ", "คะ", " ครับ", " คะ", "", " ค่ะ", " นะครับ", " ครับท่าน", "?", " 🤔"])
        rows.append(row(intent, refs, text=r.choice([*OPENERS[:3], "พี่คะ ", "ขอถามหน่อย "])
                        + text + ending))
    return rows


def registrations(r: random.Random, n: int) -> list[tuple]:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    rows = []
    for _ in range(n):
        code = "".join(r.choice(alphabet) for _ in range(6))
        if not any(c.isdigit() for c in code):
            code = code[:5] + "7"
        text = r.choice(["ลงทะเบียน {c}", "รหัสลงทะเบียน {c}", "ลงทะเบียนค่ะ {c}", "register {c}",
                         "รหัส {c} ครับ", "ขอลงทะเบียนครับ รหัส {c}"]).format(c=code)
        rows.append((*row("register", text=text),))
    return rows


CHATTER_PIECES = {
    "meeting": ["ประชุมประจำเดือน{when} เวลา {h}.00 น. ห้องประชุมชั้น 2", "เลื่อนประชุมสภาเป็น{when}",
                "ประชุมเสร็จแล้ว ขอบคุณทุกท่าน", "แจ้งประชุมคณะทำงานจัดงานสงกรานต์{when}",
                "ประชุมเตรียมงานวันเด็ก{when} {h} โมง", "ท่านนายกเรียกประชุมด่วนบ่าย {h} โมง"],
    "food": ["ข้าวกล่องมาส่งแล้ว", "เที่ยงนี้กินอะไรกันดี", "ส้มตำเสร็จแล้ว ลงมากินได้", "ใครสั่งกาแฟบ้าง",
             "กินข้าวเสร็จแล้วค่อยคุยต่อ", "ขนมจากงานบุญวางไว้หน้าห้องนะ", "หมูกระทะเย็นนี้ใครไปบ้าง"],
    "leave": ["ขอลาป่วย{when}", "ขอลากิจครึ่งวันเช้า", "ลาพักร้อน{when}ถึงวันศุกร์", "วันนี้ไม่สบาย ขอทำงานที่บ้าน",
              "ขอออกไปธุระข้างนอก {h} โมง"],
    "scores": ["ปีที่แล้วได้คะแนน ITA {score} คะแนน", "ปี 65 ได้เกรด A", "คะแนนเฉลี่ยจังหวัด {score}",
               "ปีก่อนเราได้ {p}% ในตัวชี้วัดการเปิดเผยข้อมูล", "อบต.ข้างๆ ได้ AA ปีที่แล้ว",
               "ผลประเมินปี 2565 ออกแล้ว ได้ {score}"],
    "budget": ["เบิกจ่ายงบไปแล้ว {p}%", "งบปีนี้ถูกตัด {p}%", "ยอดจัดเก็บภาษีได้ {p}% ของเป้า",
               "งบกลางเหลือ {p}% ครับ", "ปีนี้รายได้เพิ่มขึ้น {p}%"],
    "notice": ["พรุ่งนี้หยุดราชการ", "{when}ปิดสำนักงานทำความสะอาด", "ไฟฟ้าดับทั้งอาคาร",
               "น้ำประปาไม่ไหลตั้งแต่เช้า", "รถส่วนกลางเข้าศูนย์ซ่อม{when}", "แต่งชุดกีฬาสีวันศุกร์",
               "อบรมคุณธรรมจริยธรรม{when}", "ถนนหมู่ 3 ซ่อมเสร็จแล้ว", "ฝากประชาสัมพันธ์รับสมัครงาน",
               "ตรวจสุขภาพประจำปี{when}", "ส่งใบลาภายในวันที่ 25", "ปรับปรุงลานจอดรถ{when}"],
    "social": ["สุขสันต์วันเกิด", "ยินดีด้วยกับน้องใหม่", "ขอบคุณมาก", "รับทราบ", "โอเค", "ได้เลย",
               "เดินทางปลอดภัย", "ฝนตกหนักมาก", "รถติดมาก ไปสายหน่อย", "555 ขำมาก", "ฝันดี",
               "งานบวชน้องชาย{when}", "ลูกสอบติดแล้ว ดีใจมาก", "ขอบคุณที่ช่วยนะ เสร็จไวมาก", "เยี่ยมเลย",
               "ถึงบ้านแล้ว", "ขับรถอยู่ เดี๋ยวโทรกลับ", "ยังไม่ได้กินข้าวเลย", "ทำการบ้านลูกเสร็จแล้ว",
               "ดูบอลเมื่อคืนไหม", "ร้อนมาก {p} องศา", "ขอเบอร์ช่างแอร์หน่อย"],
    "other_work": ["ซ่อมไฟถนนหมู่ 7 เสร็จแล้ว", "แจกเบี้ยยังชีพเสร็จแล้ว", "ฉีดวัคซีนสุนัขได้ {p}% ของหมู่บ้าน",
                   "เก็บขยะรอบเช้าเรียบร้อย", "ลงพื้นที่สำรวจน้ำท่วมแล้ว", "ตัดหญ้าข้างสำนักงานเสร็จแล้ว",
                   "ส่งหนังสือไปอำเภอแล้ว", "งานกาชาดเตรียมได้ {p}%", "ซ่อมแอร์ห้องประชุมเรียบร้อย"],
}


def chatter(r: random.Random, n: int) -> list[tuple]:
    whens = ["วันพรุ่งนี้", "วันศุกร์นี้", "วันที่ 20 มี.ค.", " 22 มี.ค. 66", "สัปดาห์หน้า", "วันจันทร์",
             "วันที่ ๒๗ มี.ค.", "เดือนหน้า", "วันนี้"]
    rows = []
    for _ in range(n):
        kind = r.choice(list(CHATTER_PIECES))
        text = r.choice(CHATTER_PIECES[kind]).format(
            when=r.choice(whens), h=r.randint(8, 16), p=r.choice([12, 30, 45, 60, 75, 88, 90]),
            score=r.choice(["86.45", "91.2", "78.50", "95", "๘๗.๕"]))
        if r.random() < 0.25:
            text = r.choice(["แจ้งทุกคน ", "ทุกท่านครับ ", "พี่ๆ คะ ", "ฝากบอกด้วย ", "น้องๆ "]) + text
        rows.append(row("none", text=text + r.choice(PARTICLES)))
    return rows


def main() -> None:
    r = random.Random(10)
    rows = (updates(r, 520) + multi(r, 230) + questions(r, 300) + registrations(r, 40)
            + chatter(r, 480))
    seen, unique = set(), []
    for item in rows:
        if item[-1] not in seen:
            seen.add(item[-1])
            unique.append(item)
    with OUT.open("w", encoding="utf-8") as f:
        f.write("intent\trefs\tpercent\tdate\tupdates\ttext\n")
        for item in unique:
            f.write("\t".join(item) + "\n")
    print(f"{len(unique)} messages → {OUT}")


if __name__ == "__main__":
    main()
