"""How the bot reads Thai chat: one row, one message, labelled as a Thai officer would.

Columns: text, intent, refs, percent, date (ISO, the day the reported work happened), code.
Today is Wednesday 15 March 2023 (B.E. 2566) for every row.
"""

from __future__ import annotations

from datetime import date

import pytest

from handlers.thai.parser import parse

TODAY = date(2023, 3, 15)
NIKHAHIT_AA = "\u0e4d\u0e32"  # ํ + า typed instead of ำ

DONE = [
    ("ดำเนินการเรียบร้อยแล้วครับ", "done", [], None, None, None),
    ("เสร็จแล้วครับ", "done", [], None, None, None),
    ("ส่งแล้วครับ", "done", [], None, None, None),
    ("เสร็จแล้วค่ะ", "done", [], None, None, None),
    ("เรียบร้อยแล้วค่ะ", "done", [], None, None, None),
    ("เสร็จแล้วครับผม", "done", [], None, None, None),
    ("ส่งให้แล้วนะคะ", "done", [], None, None, None),
    ("ลงให้แล้วครับ", "done", [], None, None, None),
    ("ขึ้นเว็บเรียบร้อย", "done", [], None, None, None),
    ("o12 เสร็จแล้ว", "done", ["o12"], None, None, None),
    ("O12 ดำเนินการแล้วครับ", "done", ["o12"], None, None, None),
    ("o 5 ลงเว็บแล้วค่ะ", "done", ["o5"], None, None, None),
    ("OIT 20 ขึ้นเว็บไซต์เรียบร้อยแล้วครับ", "done", ["o20"], None, None, None),
    ("ข้อ o36 แผนปฏิบัติการป้องกันการทุจริต อัปโหลดแล้วครับ", "done", ["o36"], None, None, None),
    ("ข้อ ๐๐๗ ลงเว็บไซต์แล้วครับ", "done", ["o7"], None, None, None),
    ("ข้อ 0๒๓ เผยแพร่แล้วค่ะ", "done", ["o23"], None, None, None),
    ("o14-o16 ขึ้นเว็บครบแล้วครับ", "done", ["o14", "o15", "o16"], None, None, None),
    ("o14, 15 เสร็จแล้วค่ะ", "done", ["o14", "o15"], None, None, None),
    ("o1 กับ o2 ลงเว็บแล้ว", "done", ["o1", "o2"], None, None, None),
    ("O14 กับ O15 คู่มือขึ้นเว็บครบแล้ว", "done", ["o14", "o15"], None, None, None),
    ("e6 ดำเนินการเรียบร้อย", "done", ["e6"], None, None, None),
    ("EIT 7 ทำเสร็จแล้วครับ", "done", ["e7"], None, None, None),
    ("i4 เสร็จเรียบร้อยแล้วค่ะ", "done", ["i4"], None, None, None),
    ("IIT 3 ดำเนินการแล้ว", "done", ["i3"], None, None, None),
    ("e1 ,e2 เสร็จแล้ว", "done", ["e1", "e2"], None, None, None),
    ("done o21", "done", ["o21"], None, None, None),
    ("o21 done", "done", ["o21"], None, None, None),
    ("o21 Done ครับ", "done", ["o21"], None, None, None),
    ("finished o7", "done", ["o7"], None, None, None),
    ("o7 uploaded", "done", ["o7"], None, None, None),
    ("ok done", "done", [], None, None, None),
    ("done", "done", [], None, None, None),
    ("คู่มือการยืมทรัพย์สิน เสร็จแล้ว", "done", [], None, None, None),
    ("ประกาศเจตนารมณ์การป้องกันการทุจริต ลงเว็บแล้วครับ", "done", [], None, None, None),
    ("แผนการจัดซื้อจัดจ้างประจำปี อัปโหลดเรียบร้อยค่ะ", "done", [], None, None, None),
    ("รายงานผลการดำเนินงานรอบ 6 เดือน เผยแพร่บนเว็บไซต์แล้ว", "done", [], None, None, None),
    ("รายงาน 6 เดือนส่งแล้ว", "done", [], None, None, None),
    ("o42 มาตรการส่งเสริมคุณธรรม ลงเว็บแล้ว", "done", ["o42"], None, None, None),
    ("เผยแพร่ประกาศบนเว็บไซต์เรียบร้อยแล้วครับ", "done", [], None, None, None),
    ("ข้อ O23 จัดทำเรียบร้อยแล้ว", "done", ["o23"], None, None, None),
    ("o43 ทำรายงานเสร็จแล้วนะคะ", "done", ["o43"], None, None, None),
    ("o 18 ส่งแล้วค่ะ", "done", ["o18"], None, None, None),
    ("O-24 ดำเนินการเรียบร้อย", "done", ["o24"], None, None, None),
    ("ลงเว็บแล้วครับ", "done", [], None, None, None),
    ("อัปโหลดแล้วค่ะ", "done", [], None, None, None),
    ("อัพโหลดเรียบร้อยแล้วครับ", "done", [], None, None, None),
    ("ขึ้นเว็บแล้วนะคะ", "done", [], None, None, None),
    ("โพสต์ลงเพจแล้วครับ", "done", [], None, None, None),
    ("เผยแพร่แล้วค่ะ", "done", [], None, None, None),
    ("ปิดงานแล้วครับ", "done", [], None, None, None),
    ("ทำเสร็จแล้วครับ", "done", [], None, None, None),
    ("ทำแล้วครับ", "done", [], None, None, None),
    ("o9 ทำแล้วค่ะ", "done", ["o9"], None, None, None),
    ("o6 ลงแล้วค่ะ", "done", ["o6"], None, None, None),
    ("o17 เรียบร้อยค่ะ", "done", ["o17"], None, None, None),
    ("o20 เสร็จสิ้นแล้วครับ", "done", ["o20"], None, None, None),
    ("o41 ส่งให้ท่านปลัดแล้วครับ", "done", ["o41"], None, None, None),
    ("เอกสาร o27 แนบในระบบแล้วค่ะ", "done", ["o27"], None, None, None),
    ("แก้ไขเรียบร้อยแล้วครับ o15", "done", ["o15"], None, None, None),
    ("ปรับปรุงหน้าเว็บไซต์เรียบร้อยแล้ว", "done", [], None, None, None),
    ("ข้อมูลผู้บริหาร อัปเดตแล้วค่ะ", "done", [], None, None, None),
    ("ข้อ o40 ลงนามเรียบร้อย ขึ้นเว็บแล้วครับ", "done", ["o40"], None, None, None),
    ("ท่านนายกลงนามแล้ว ประกาศขึ้นเว็บเรียบร้อยครับ", "done", [], None, None, None),
    ("o33 ลงเว็บเรียบร้อยแล้ว ไม่มีปัญหาอะไรครับ", "done", ["o33"], None, None, None),
    ("o4 ทำเสร็จแล้วนะครับ ตรวจสอบได้เลย", "done", ["o4"], None, None, None),
    ("o25 ลงเว็บแล้วครับ รบกวนช่วยตรวจสอบด้วยได้ไหมครับ", "done", ["o25"], None, None, None),
    ("ดำเนินการเรียบร้อยแล้วครับ มีอะไรเพิ่มเติมไหมครับ", "done", [], None, None, None),
    ("e8 ทำกล่องรับความคิดเห็นเสร็จแล้ว", "done", ["e8"], None, None, None),
    ("กองคลังส่งแล้วครับ", "done", [], None, None, None),
    ("สำนักปลัดดำเนินการเรียบร้อยแล้ว", "done", [], None, None, None),
    ("รับทราบครับ ดำเนินการเรียบร้อยแล้ว", "done", [], None, None, None),
    ("ตัวชี้วัดที่ 9 ดำเนินการครบทุกข้อแล้ว", "done", [], None, None, None),
    ("งานของผมเสร็จหมดแล้วครับ", "done", [], None, None, None),
    # typos, stretched letters, Thai digits
    ("o12 เสร็ดแล้วครับ", "done", ["o12"], None, None, None),
    ("เส็ดแล้วค่ะ", "done", [], None, None, None),
    ("เสดแล้วครับ o2", "done", ["o2"], None, None, None),
    ("o3 ดำเนิการเรียบร้อยแล้วครับ", "done", ["o3"], None, None, None),
    (f"o8 ด{NIKHAHIT_AA}เนินการแล้วค่ะ", "done", ["o8"], None, None, None),
    ("เสร็จแล้วคร้าบบบ", "done", [], None, None, None),
    ("o10 เรียบร้อยแล้วครับบ", "done", ["o10"], None, None, None),
    ("o11 ส่งละครับ", "done", ["o11"], None, None, None),
    ("ลงเว็ปเเล้วค่ะ", "done", [], None, None, None),
    ("o\u200b12 เสร็จแล้ว", "done", ["o12"], None, None, None),
    ("ｏ１２ เสร็จแล้ว", "done", ["o12"], None, None, None),
    # percent
    ("o12 100%", "done", ["o12"], 100, None, None),
    ("o12 เสร็จ 100% แล้วครับ", "done", ["o12"], 100, None, None),
    ("o39 ดำเนินการแล้ว ๑๐๐%", "done", ["o39"], 100, None, None),
    # URLs
    ("ส่งแล้วครับ https://www.example.go.th/ita/o23.pdf", "done", [], None, None, None),
    ("o23 ส่งแล้ว https://abt.go.th/ita/o23", "done", ["o23"], None, None, None),
    ("ลิงก์ขึ้นเว็บแล้วครับ https://www.abc.go.th/news/123", "done", [], None, None, None),
    ("ดำเนินการแล้วค่ะ ตามลิงก์นี้ https://ita.example.go.th/o17", "done", [], None, None, None),
    # dates of the work
    ("ทำเสร็จเมื่อ 20 ธ.ค. 65 ครับ", "done", [], None, "2022-12-20", None),
    ("เมื่อวานอัปโหลดเรียบร้อยแล้วครับ", "done", [], None, "2023-03-14", None),
    ("o12 ลงเว็บเมื่อวานครับ", "done", ["o12"], None, "2023-03-14", None),
    ("วันนี้ลงเว็บเรียบร้อยแล้วค่ะ", "done", [], None, "2023-03-15", None),
    ("เมื่อวานซืนส่งเอกสารแล้วครับ", "done", [], None, "2023-03-13", None),
    ("o5 ดำเนินการแล้วเมื่อวันที่ 10 มี.ค. 66", "done", ["o5"], None, "2023-03-10", None),
    (
        "ดำเนินการเมื่อวันที่ ๑๐ เดือน มีนาคม พ.ศ. ๒๕๖๖ เรียบร้อยแล้ว",
        "done", [], None, "2023-03-10", None,
    ),
    ("o30 ลงเว็บแล้ว 3/1/2566", "done", ["o30"], None, "2023-01-03", None),
    ("o19 เสร็จ 14 มี.ค. ครับ", "done", ["o19"], None, "2023-03-14", None),
    ("o2 ขึ้นเว็บแล้วตั้งแต่ 1 ก.พ. 2566", "done", ["o2"], None, "2023-02-01", None),
    ("ส่งแล้วเมื่อ 2 วันก่อนครับ", "done", [], None, "2023-03-13", None),
    ("o9 ส่งแล้วเมื่อวันจันทร์ครับ", "done", ["o9"], None, "2023-03-13", None),
    ("o31 ลงเว็บวันที่ 1 มีนาคม 2023", "done", ["o31"], None, "2023-03-01", None),
    ("o13 ส่งไปวันที่ 10 แล้วครับ", "done", ["o13"], None, "2023-03-10", None),
    ("o22 เสร็จ ๒๐ ธ.ค. ๖๕", "done", ["o22"], None, "2022-12-20", None),
    ("o7 ลงเว็บ 2023-03-01", "done", ["o7"], None, "2023-03-01", None),
    ("เมื่อเช้าลงเว็บแล้วครับ", "done", [], None, "2023-03-15", None),
]

IN_PROGRESS = [
    ("o23 ได้ 45% ครับ", "in_progress", ["o23"], 45, None, None),
    ("กำลังจัดทำอยู่ค่ะ", "in_progress", [], None, None, None),
    ("เกือบเสร็จแล้วครับ", "in_progress", [], None, None, None),
    ("ยังไม่เสร็จดีครับ เหลือรอผู้บริหารอนุมัติ", "in_progress", [], None, None, None),
    ("ใกล้เสร็จแล้ว", "in_progress", [], None, None, None),
    ("ร่างเสร็จแล้ว รอท่านนายกลงนาม", "in_progress", [], None, None, None),
    ("ยังไม่เสร็จครับ", "in_progress", [], None, None, None),
    ("กำลังทำครับ", "in_progress", [], None, None, None),
    ("in progress", "in_progress", [], None, None, None),
    ("in progress 50%", "in_progress", [], 50, None, None),
    ("o8 in progress", "in_progress", ["o8"], None, None, None),
    ("WIP o12", "in_progress", ["o12"], None, None, None),
    ("ongoing ครับ o14", "in_progress", ["o14"], None, None, None),
    ("o12 กำลังดำเนินการครับ", "in_progress", ["o12"], None, None, None),
    ("o12 อยู่ระหว่างดำเนินการ", "in_progress", ["o12"], None, None, None),
    ("อยู่ระหว่างจัดทำค่ะ", "in_progress", [], None, None, None),
    ("o15 ยังไม่เสร็จครับ", "in_progress", ["o15"], None, None, None),
    ("o37 ยังไม่เรียบร้อยค่ะ", "in_progress", ["o37"], None, None, None),
    ("o3 ทำไปได้ครึ่งหนึ่งแล้วค่ะ", "in_progress", ["o3"], 50, None, None),
    ("e3 ครึ่งนึงแล้ว", "in_progress", ["e3"], 50, None, None),
    ("o3 ได้ 40 เปอร์เซ็นต์", "in_progress", ["o3"], 40, None, None),
    ("o4 ได้ 40 เปอร์เซ็นแล้ว", "in_progress", ["o4"], 40, None, None),
    ("ความคืบหน้า o9 ๖๐ %", "in_progress", ["o9"], 60, None, None),
    ("o9 ๖๐% ครับ", "in_progress", ["o9"], 60, None, None),
    ("ร้อยละ 70 แล้วครับ o31", "in_progress", ["o31"], 70, None, None),
    ("o13 ดำเนินการไปแล้ว 80%", "in_progress", ["o13"], 80, None, None),
    ("ทำไปแล้ว 30% ครับ", "in_progress", [], 30, None, None),
    ("ตอนนี้ได้ประมาณ 75% แล้วครับ", "in_progress", [], 75, None, None),
    ("คู่มือการปฏิบัติงาน กำลังทำอยู่ครับ", "in_progress", [], None, None, None),
    ("กำลังรวบรวมข้อมูลค่ะ", "in_progress", [], None, None, None),
    ("o16 รออนุมัติจากท่านนายกครับ", "in_progress", ["o16"], None, None, None),
    ("o11 รอผู้บริหารลงนามครับ", "in_progress", ["o11"], None, None, None),
    ("เอกสารเสนอท่านปลัดแล้ว รอลงนามครับ", "in_progress", [], None, None, None),
    ("ร่างประกาศเสร็จแล้วค่ะ รอเซ็น", "in_progress", [], None, None, None),
    ("o5 ร่างเสร็จแล้ว", "in_progress", ["o5"], None, None, None),
    ("o40 ทำไปบางส่วนแล้วครับ", "in_progress", ["o40"], None, None, None),
    ("o32 ดำเนินการแล้วบางส่วน", "in_progress", ["o32"], None, None, None),
    ("o2 เหลืออีกนิดเดียวครับ", "in_progress", ["o2"], None, None, None),
    ("o18 จะเสร็จภายใน 30 มี.ค. ครับ", "in_progress", ["o18"], None, None, None),
    ("คาดว่าจะลงเว็บได้สัปดาห์หน้าครับ o22", "in_progress", ["o22"], None, None, None),
    ("o26 ยังไม่ได้ลงเว็บครับ แต่ทำเอกสารเสร็จแล้ว", "in_progress", ["o26"], None, None, None),
    ("o7 กะลังทำค่ะ", "in_progress", ["o7"], None, None, None),
    (f"กำลังด{NIKHAHIT_AA}เนินการ", "in_progress", [], None, None, None),
    ("o34 เริ่มทำแล้วครับ", "in_progress", ["o34"], None, None, None),
    ("o29 เตรียมเอกสารอยู่ค่ะ", "in_progress", ["o29"], None, None, None),
    ("o1 แก้ไขอยู่ครับ", "in_progress", ["o1"], None, None, None),
    ("ส่งร่างให้หัวหน้าตรวจแล้ว รอแก้ไขครับ", "in_progress", [], None, None, None),
    ("o10 กำลังจะเสร็จครับ", "in_progress", ["o10"], None, None, None),
    ("ยังไม่เสร็จค่ะ อีกสองวันน่าจะเรียบร้อย", "in_progress", [], None, None, None),
    ("กำลังทำค่ะ พรุ่งนี้น่าจะเสร็จ", "in_progress", [], None, None, None),
    ("เกือบแล้วครับ o6", "in_progress", ["o6"], None, None, None),
    ("ยังไม่ได้ส่งครับ รอข้อมูลจากกองคลัง", "in_progress", [], None, None, None),
    ("o21 ทยอยลงเว็บอยู่ครับ", "in_progress", ["o21"], None, None, None),
    ("กำลังดำเนินการค่ะ ได้ประมาณ 60 เปอร์เซ็นต์", "in_progress", [], 60, None, None),
]

NOT_STARTED = [
    ("o32 ยังไม่ได้ดำเนินการครับ", "not_started", ["o32"], None, None, None),
    ("ยังไม่ได้เริ่มทำเลยค่ะ", "not_started", [], None, None, None),
    ("ยังไม่ได้ทำครับ", "not_started", [], None, None, None),
    ("ยังไม่ดำเนินการค่ะ", "not_started", [], None, None, None),
    ("o8 ยังไม่ได้เริ่ม", "not_started", ["o8"], None, None, None),
    ("o19 ยังไม่ได้ดำเนินการเลยครับ", "not_started", ["o19"], None, None, None),
    ("e5 ยังไม่ได้จัดทำ", "not_started", ["e5"], None, None, None),
    ("not started o4", "not_started", ["o4"], None, None, None),
    ("o4 not started yet", "not_started", ["o4"], None, None, None),
    ("not started", "not_started", [], None, None, None),
    ("o27 0%", "not_started", ["o27"], 0, None, None),
    ("ข้อ ๐๓๕ ยังไม่ได้ดำเนินการ", "not_started", ["o35"], None, None, None),
    ("o2 ยังไม่เริ่มเลยครับ", "not_started", ["o2"], None, None, None),
    ("คู่มือการร้องเรียนยังไม่ได้ทำเลยค่ะ", "not_started", [], None, None, None),
    ("ยังไม่ได้ลงมือทำครับ", "not_started", [], None, None, None),
    (f"o38 ยังไม่ได้ด{NIKHAHIT_AA}เนินการ", "not_started", ["o38"], None, None, None),
    ("o9, o10 ยังไม่ได้ทำครับ", "not_started", ["o9", "o10"], None, None, None),
    ("ยังมิได้ดำเนินการ", "not_started", [], None, None, None),
    ("o1 ยังไม่ทำ", "not_started", ["o1"], None, None, None),
    ("i2 ยังไม่ได้เริ่มดำเนินการค่ะ", "not_started", ["i2"], None, None, None),
    ("o13 ยังไม่ได้แตะเลยครับ", "not_started", ["o13"], None, None, None),
    ("o20 ยังไม่ได้ดำเนินกานครับ", "not_started", ["o20"], None, None, None),
    ("แผนปฏิบัติการป้องกันการทุจริต ยังไม่ได้เริ่มค่ะ", "not_started", [], None, None, None),
]

PROBLEM = [
    ("ติดปัญหาเรื่องระบบเว็บไซต์ครับ", "problem", [], None, None, None),
    ("o16 ทำไม่ทันกำหนด ขอขยายเวลา", "problem", ["o16"], None, None, None),
    ("o12 ขอขยายเวลาถึงสิ้นเดือนครับ", "problem", ["o12"], None, None, None),
    ("ขอขยายเวลา o36 ได้ไหมครับ", "problem", ["o36"], None, None, None),
    ("เว็บล่มครับ อัปโหลดไม่ได้", "problem", [], None, None, None),
    ("o5 มีปัญหาครับ ไฟล์ใหญ่เกิน อัปโหลดไม่ได้", "problem", ["o5"], None, None, None),
    ("อัปโหลดไฟล์ไม่ได้ครับ", "problem", [], None, None, None),
    ("o20 ติดขัดเรื่องงบประมาณ", "problem", ["o20"], None, None, None),
    ("มีอุปสรรคเรื่องข้อมูลไม่ครบครับ", "problem", [], None, None, None),
    ("o7 ไม่ทันแน่ๆ ครับ", "problem", ["o7"], None, None, None),
    ("o3 ล่าช้าเพราะรอข้อมูลจากกองช่าง", "problem", ["o3"], None, None, None),
    ("o14 ขอเลื่อนส่งเป็นสัปดาห์หน้านะครับ", "problem", ["o14"], None, None, None),
    ("ขอเวลาเพิ่มอีก 1 สัปดาห์สำหรับแผนปฏิบัติการครับ", "problem", [], None, None, None),
    ("problem o12", "problem", ["o12"], None, None, None),
    ("o12 blocked", "problem", ["o12"], None, None, None),
    ("o3 problem: website down", "problem", ["o3"], None, None, None),
    ("เข้าระบบไม่ได้ครับ ลงเว็บไม่ได้", "problem", [], None, None, None),
    ("o9 ติดที่ท่านนายกยังไม่ลงนามครับ", "problem", ["o9"], None, None, None),
    ("ระบบเว็บไซต์ขัดข้องครับ", "problem", [], None, None, None),
    ("o40 เลยกำหนดแล้วครับ ขอขยาย", "problem", ["o40"], None, None, None),
    ("ไฟล์ o22 error ครับ", "problem", ["o22"], None, None, None),
    ("o30 ทำไม่ได้ครับ ไม่มีข้อมูล", "problem", ["o30"], None, None, None),
    ("ข้อมูลไม่พอ ทำไม่ทันแน่นอนค่ะ", "problem", [], None, None, None),
    ("o1 ส่งแล้วแต่ถูกตีกลับให้แก้ครับ", "problem", ["o1"], None, None, None),
    ("เจอปัญหาเรื่องสิทธิ์เข้าหลังบ้านเว็บครับ", "problem", [], None, None, None),
    ("ปันหาคือเว็บเปิดไม่ได้ครับ", "problem", [], None, None, None),
    ("o8 ติดปัญหา ได้แค่ ๕๐%", "problem", ["o8"], 50, None, None),
    ("ขอขยายเวลาครับ", "problem", [], None, None, None),
]

STATUS = [
    ("o21 เสร็จหรือยัง", "status", ["o21"], None, None, None),
    ("o12 ทำหรือยัง", "status", ["o12"], None, None, None),
    ("o12 เสร็จแล้วหรือยังครับ", "status", ["o12"], None, None, None),
    ("ดำเนินการแล้วหรือยัง", "status", [], None, None, None),
    ("ส่งแล้วหรือยังคะ", "status", [], None, None, None),
    ("ลงเว็บแล้วยัง", "status", [], None, None, None),
    ("เสร็จหรือยัง", "status", [], None, None, None),
    ("เรียบร้อยไหมครับ", "status", [], None, None, None),
    ("ตอนนี้ความคืบหน้าเป็นยังไง", "status", [], None, None, None),
    ("กองช่างไปถึงไหนแล้วครับ", "status", [], None, None, None),
    ("กองคลังถึงไหนแล้ว", "status", [], None, None, None),
    ("ดำเนินการแล้วกี่ข้อ", "status", [], None, None, None),
    ("ทำแล้วกี่ข้อครับ", "status", [], None, None, None),
    ("ใครส่งแล้วบ้าง", "status", [], None, None, None),
    ("o5 ส่งหรือยังครับ", "status", ["o5"], None, None, None),
    ("o5 ส่งยัง", "status", ["o5"], None, None, None),
    ("o18 เสร็จยังคะ", "status", ["o18"], None, None, None),
    ("o12 รึยังครับ", "status", ["o12"], None, None, None),
    ("o33 ลงเว็บหรือยังคะ", "status", ["o33"], None, None, None),
    ("o7 เรียบร้อยหรือยังครับ", "status", ["o7"], None, None, None),
    ("o9 ดำเนินการแล้วใช่ไหม", "status", ["o9"], None, None, None),
    ("เอกสาร o30 อัปโหลดแล้วใช่ไหมคะ", "status", ["o30"], None, None, None),
    ("o5 กับ o6 ส่งครบไหม", "status", ["o5", "o6"], None, None, None),
    ("กองช่างดำเนินการแล้วหรือยัง", "status", [], None, None, None),
    ("กองการศึกษาส่งครบหรือยัง", "status", [], None, None, None),
    ("status", "status", [], None, None, None),
    ("status o12", "status", ["o12"], None, None, None),
    ("Status please", "status", [], None, None, None),
    ("progress", "status", [], None, None, None),
    ("สถานะ o12", "status", ["o12"], None, None, None),
    ("o1 o2 o3 สถานะ", "status", ["o1", "o2", "o3"], None, None, None),
    ("ขอดูสถานะหน่อยครับ", "status", [], None, None, None),
    ("ความคืบหน้าภาพรวมตอนนี้", "status", [], None, None, None),
    ("ภาพรวมเป็นอย่างไรบ้าง", "status", [], None, None, None),
    ("สรุปสถานะให้หน่อย", "status", [], None, None, None),
    ("ขอดูความคืบหน้ากองช่าง", "status", [], None, None, None),
    ("ขออัปเดตความคืบหน้าหน่อยครับ", "status", [], None, None, None),
    ("ตัวชี้วัดที่ 9 เป็นยังไงบ้าง", "status", [], None, None, None),
    ("ตัวชี้วัด ๑๐ ไปถึงไหนแล้ว", "status", [], None, None, None),
    ("สำนักปลัดทำไปกี่ข้อแล้ว", "status", [], None, None, None),
    ("สำนักปลัดฯ เป็นไงบ้างครับ", "status", [], None, None, None),
    ("o12?", "status", ["o12"], None, None, None),
    ("o12", "status", ["o12"], None, None, None),
    ("o12 ล่ะครับ", "status", ["o12"], None, None, None),
    ("e8 ล่ะ", "status", ["e8"], None, None, None),
    ("ข้อ o15 ทำถึงไหนแล้ว", "status", ["o15"], None, None, None),
    ("มาตรการข้อ o42 เป็นไงบ้าง", "status", ["o42"], None, None, None),
    ("o40 ใครรับผิดชอบ", "status", ["o40"], None, None, None),
    ("ทำไม o12 ยังไม่เสร็จ", "status", ["o12"], None, None, None),
    ("ตอนนี้เสร็จไปกี่เปอร์เซ็นต์แล้ว", "status", [], None, None, None),
    ("กองคลังได้กี่เปอร์เซ็นต์แล้วครับ", "status", [], None, None, None),
    ("o10 ได้กี่ % แล้ว", "status", ["o10"], None, None, None),
    ("is o12 done?", "status", ["o12"], None, None, None),
    ("o12 done?", "status", ["o12"], None, None, None),
    ("o5 done yet?", "status", ["o5"], None, None, None),
    ("ITA ปีนี้ไปถึงไหนแล้ว", "status", [], None, None, None),
    ("คู่มือการยืมทรัพย์สินเสร็จหรือยัง", "status", [], None, None, None),
    ("มีข้อไหนที่เสร็จแล้วบ้าง", "status", [], None, None, None),
    ("OIT ทั้งหมดทำไปกี่ข้อแล้ว", "status", [], None, None, None),
    ("ตอนนี้มีกี่ข้อที่ลงเว็บแล้ว", "status", [], None, None, None),
    ("เว็บไซต์อัปเดตข้อมูลหรือยัง", "status", [], None, None, None),
    ("รายงาน 6 เดือนเสร็จหรือยัง", "status", [], None, None, None),
    ("เมื่อวาน o12 ส่งหรือยัง", "status", ["o12"], None, None, None),
]

OUTSTANDING = [
    ("ยังค้างอะไรอยู่บ้าง", "outstanding", [], None, None, None),
    ("ข้อที่เลยกำหนดส่ง", "outstanding", [], None, None, None),
    ("ข้อไหนเลยกำหนด", "outstanding", [], None, None, None),
    ("อะไรยังไม่เสร็จบ้าง", "outstanding", [], None, None, None),
    ("มีงานค้างไหมครับ", "outstanding", [], None, None, None),
    ("งานค้าง", "outstanding", [], None, None, None),
    ("สรุปงานค้างให้หน่อย", "outstanding", [], None, None, None),
    ("ข้อไหนยังไม่ได้ทำบ้าง", "outstanding", [], None, None, None),
    ("เหลืออีกกี่ข้อ", "outstanding", [], None, None, None),
    ("มีข้อไหนล่าช้าบ้าง", "outstanding", [], None, None, None),
    ("ยังไม่ได้ส่งกี่ข้อ", "outstanding", [], None, None, None),
    ("overdue", "outstanding", [], None, None, None),
    ("what is overdue?", "outstanding", [], None, None, None),
    ("pending items", "outstanding", [], None, None, None),
    ("รายการที่ยังไม่เสร็จ", "outstanding", [], None, None, None),
    ("กองคลังยังค้างอะไรบ้าง", "outstanding", [], None, None, None),
    ("ข้อไหนเกินกำหนดแล้วบ้างครับ", "outstanding", [], None, None, None),
    ("เหลืออะไรบ้างที่ยังไม่ลงเว็บ", "outstanding", [], None, None, None),
    ("ค้างส่งกี่ข้อ", "outstanding", [], None, None, None),
    ("งานที่ยังไม่เสร็จมีอะไรบ้าง", "outstanding", [], None, None, None),
    ("ข้อที่ยังไม่ได้ดำเนินการมีข้อไหนบ้าง", "outstanding", [], None, None, None),
    ("ตัวชี้วัดไหนยังไม่ครบ", "outstanding", [], None, None, None),
    ("มีอะไรค้างอยู่ไหมครับ", "outstanding", [], None, None, None),
]

MY_TASKS = [
    ("ฉันมีงานอะไรบ้าง", "my_tasks", [], None, None, None),
    ("งานของผมมีอะไร", "my_tasks", [], None, None, None),
    ("งานที่ต้องส่งเดือนนี้ของผม", "my_tasks", [], None, None, None),
    ("ผมต้องทำอะไรบ้าง", "my_tasks", [], None, None, None),
    ("หนูรับผิดชอบข้อไหนบ้างคะ", "my_tasks", [], None, None, None),
    ("งานของฉัน", "my_tasks", [], None, None, None),
    ("my tasks", "my_tasks", [], None, None, None),
    ("mytask", "my_tasks", [], None, None, None),
    ("ดิฉันต้องส่งอะไรบ้างคะ", "my_tasks", [], None, None, None),
    ("งานหนูมีอะไรบ้างคะ", "my_tasks", [], None, None, None),
    ("ผมยังมีงานค้างอะไรบ้าง", "my_tasks", [], None, None, None),
    ("ต้องทำอะไรบ้างครับ", "my_tasks", [], None, None, None),
    ("งานที่ได้รับมอบหมายของผม", "my_tasks", [], None, None, None),
    ("ผมมีข้อไหนต้องทำบ้าง", "my_tasks", [], None, None, None),
    ("ของผมเหลืออะไรบ้าง", "my_tasks", [], None, None, None),
    ("สัปดาห์นี้ผมต้องส่งอะไร", "my_tasks", [], None, None, None),
    ("ขอดูงานของผมหน่อย", "my_tasks", [], None, None, None),
    ("งานผมมีกี่ข้อ", "my_tasks", [], None, None, None),
    ("วันนี้มีงานอะไรบ้าง", "my_tasks", [], None, None, None),
]

REPORT = [
    ("ขอรายงาน 6 เดือน", "report", [], None, None, None),
    ("ขอไฟล์รายงานประจำปี", "report", [], None, None, None),
    ("ขอรายงานประจำปีเป็นไฟล์", "report", [], None, None, None),
    ("ขอรายงานรอบ 12 เดือนครับ", "report", [], None, None, None),
    ("report", "report", [], None, None, None),
    ("6-month report please", "report", [], None, None, None),
    ("ออกรายงาน 6 เดือนให้หน่อย", "report", [], None, None, None),
    ("ขอสรุปผลการดำเนินงานเป็นไฟล์ excel", "report", [], None, None, None),
    ("export รายงาน", "report", [], None, None, None),
    ("อยากได้รายงานผลการดำเนินงานตามมาตรการ", "report", [], None, None, None),
    ("ขอรายงานหน่อยครับ", "report", [], None, None, None),
    ("รายงาน 6 เดือน ขอเป็น pdf", "report", [], None, None, None),
    ("ส่งรายงานรอบ 6 เดือนให้ผมหน่อย", "report", [], None, None, None),
    ("ขอดาวน์โหลดรายงานประจำปี 2566", "report", [], None, None, None),
    ("รายงานครึ่งปีขอดูหน่อยครับ", "report", [], None, None, None),
]

HELP = [
    ("ช่วยแนะนำวิธีใช้งานหน่อย", "help", [], None, None, None),
    ("วิธีใช้", "help", [], None, None, None),
    ("ช่วยด้วย ใช้ยังไง", "help", [], None, None, None),
    ("help", "help", [], None, None, None),
    ("HELP", "help", [], None, None, None),
    ("help me", "help", [], None, None, None),
    ("เมนู", "help", [], None, None, None),
    ("menu", "help", [], None, None, None),
    ("ใช้งานยังไงครับ", "help", [], None, None, None),
    ("บอทนี้ใช้ยังไง", "help", [], None, None, None),
    ("พิมพ์อะไรได้บ้าง", "help", [], None, None, None),
    ("ลงทะเบียนยังไงครับ", "help", [], None, None, None),
    ("มีคำสั่งอะไรบ้าง", "help", [], None, None, None),
    ("ทำอะไรได้บ้าง", "help", [], None, None, None),
    ("รายงานผลยังไงครับ", "help", [], None, None, None),
    ("ช่วยด้วยครับ", "help", [], None, None, None),
    ("สอนใช้หน่อยค่ะ", "help", [], None, None, None),
    ("แจ้งความคืบหน้ายังไง", "help", [], None, None, None),
]

REGISTER = [
    ("ลงทะเบียน ZX81QP", "register", [], None, None, "ZX81QP"),
    ("register ABC123", "register", [], None, None, "ABC123"),
    ("register abc123", "register", [], None, None, "ABC123"),
    ("Register XY99ZZ ครับ", "register", [], None, None, "XY99ZZ"),
    ("รหัส 7KQ2MX", "register", [], None, None, "7KQ2MX"),
    ("ลงทะเบียนรหัส AB12CD34", "register", [], None, None, "AB12CD34"),
    ("code: QW12ER", "register", [], None, None, "QW12ER"),
    ("ลงทะเบียนครับ รหัส mn45pq", "register", [], None, None, "MN45PQ"),
    ("รหัสลงทะเบียน: HJ7K9L", "register", [], None, None, "HJ7K9L"),
    ("ลงทะเบียน  k3m9p2x", "register", [], None, None, "K3M9P2X"),
    ("ลงทะเบียน O12ABC", "register", [], None, None, "O12ABC"),
    ("ลงทะเบียน ๔๗๑๒๐๙", "register", [], None, None, "471209"),
    ("ขอลงทะเบียนครับ รหัสคือ PQ7RST", "register", [], None, None, "PQ7RST"),
]

NONE = [
    # acknowledgements
    ("รับทราบครับผม", "none", [], None, None, None),
    ("รับทราบค่ะ", "none", [], None, None, None),
    ("รับทราบ", "none", [], None, None, None),
    ("รับทราบแล้วครับ", "none", [], None, None, None),
    ("รับทราบครับท่านนายก", "none", [], None, None, None),
    ("ทราบแล้วครับ", "none", [], None, None, None),
    ("โอเคครับ", "none", [], None, None, None),
    ("ok", "none", [], None, None, None),
    ("OK ครับ", "none", [], None, None, None),
    ("ครับ", "none", [], None, None, None),
    ("ค่ะ", "none", [], None, None, None),
    ("ครับผม", "none", [], None, None, None),
    ("จ้า", "none", [], None, None, None),
    ("ขอบคุณครับ", "none", [], None, None, None),
    ("ขอบคุณมากค่ะ", "none", [], None, None, None),
    ("ขอบคุณทุกท่านครับ", "none", [], None, None, None),
    ("ขอบคุนค่ะ", "none", [], None, None, None),
    ("👍", "none", [], None, None, None),
    ("🙏🙏", "none", [], None, None, None),
    ("👍👍👍", "none", [], None, None, None),
    ("ได้ครับ", "none", [], None, None, None),
    ("ได้เลยค่ะ", "none", [], None, None, None),
    ("ได้แล้วครับ", "none", [], None, None, None),
    ("ตกลงครับ", "none", [], None, None, None),
    ("thanks", "none", [], None, None, None),
    ("thank you", "none", [], None, None, None),
    ("noted", "none", [], None, None, None),
    ("555555", "none", [], None, None, None),
    ("555 ขอบคุณครับ", "none", [], None, None, None),
    ("[สติกเกอร์]", "none", [], None, None, None),
    ("[Sticker]", "none", [], None, None, None),
    ("ไม่เป็นไรครับ", "none", [], None, None, None),
    ("สู้ๆ ครับ", "none", [], None, None, None),
    ("เยี่ยมมากครับ", "none", [], None, None, None),
    ("ดีมากครับ", "none", [], None, None, None),
    ("เข้าใจแล้วครับ", "none", [], None, None, None),
    ("เห็นแล้วครับ", "none", [], None, None, None),
    ("อ่านแล้วค่ะ", "none", [], None, None, None),
    ("ok ครับ เข้าใจแล้ว", "none", [], None, None, None),
    ("ได้รับแล้วครับ ขอบคุณครับ", "none", [], None, None, None),
    ("ได้รับเอกสารเรียบร้อยแล้วค่ะ", "none", [], None, None, None),
    ("ยินดีด้วยครับ", "none", [], None, None, None),
    # promises are not updates
    ("รับทราบครับ จะดำเนินการให้", "none", [], None, None, None),
    ("รับทราบค่ะ เดี๋ยวส่งให้นะคะ", "none", [], None, None, None),
    ("เดี๋ยวส่งให้ครับ", "none", [], None, None, None),
    ("พรุ่งนี้จะส่งให้นะคะ", "none", [], None, None, None),
    ("จะรีบดำเนินการให้ครับ", "none", [], None, None, None),
    ("รอแป๊บนะครับ", "none", [], None, None, None),
    # chatter, including chatter with status words
    ("ใครจะไปงานบุญวันเสาร์บ้าง", "none", [], None, None, None),
    ("กาแฟหมดแล้วนะครับ", "none", [], None, None, None),
    ("ทำเสร็จแล้วไปกินข้าวกันไหม", "none", [], None, None, None),
    ("ประชุมเมื่อเช้าเสร็จไวดีครับ", "none", [], None, None, None),
    ("กินข้าวเสร็จแล้ว", "none", [], None, None, None),
    ("เสร็จแล้วไปกินข้าวกันนะ", "none", [], None, None, None),
    ("ประชุมเสร็จแล้วครับ", "none", [], None, None, None),
    ("ประชุมเสร็จหรือยัง", "none", [], None, None, None),
    ("วันนี้ทำบุญเสร็จแล้วค่ะ", "none", [], None, None, None),
    ("อาบน้ำเสร็จแล้ว", "none", [], None, None, None),
    ("ซ่อมแอร์เสร็จแล้วครับ", "none", [], None, None, None),
    ("ทำกับข้าวเสร็จแล้ว", "none", [], None, None, None),
    ("ล้างรถเสร็จแล้วครับ", "none", [], None, None, None),
    ("ตัดผมเสร็จแล้ว", "none", [], None, None, None),
    ("ส่งลูกไปโรงเรียนแล้วครับ", "none", [], None, None, None),
    ("จัดบ้านเสร็จแล้ว", "none", [], None, None, None),
    ("เสร็จแล้วไปเที่ยวกัน", "none", [], None, None, None),
    ("ไปกินข้าวกันไหม", "none", [], None, None, None),
    ("กินข้าวยังครับ", "none", [], None, None, None),
    ("ไปทำบุญกันไหม", "none", [], None, None, None),
    ("ข้าวเที่ยงวันนี้กินอะไรดี", "none", [], None, None, None),
    ("ฝากซื้อกาแฟด้วย", "none", [], None, None, None),
    ("ฝนตกหนักมาก", "none", [], None, None, None),
    ("รถติดมากวันนี้", "none", [], None, None, None),
    ("สวัสดีตอนเช้าครับ", "none", [], None, None, None),
    ("อรุณสวัสดิ์ค่ะ", "none", [], None, None, None),
    ("สุขสันต์วันเกิดครับพี่", "none", [], None, None, None),
    ("ถึงบ้านแล้วครับ", "none", [], None, None, None),
    ("เลิกงานแล้ว กลับบ้านก่อนนะ", "none", [], None, None, None),
    ("พรุ่งนี้หยุดไหมครับ", "none", [], None, None, None),
    ("กี่โมงแล้ว", "none", [], None, None, None),
    ("ใครเห็นกุญแจรถไหม", "none", [], None, None, None),
    ("เดี๋ยวกลับมานะครับ", "none", [], None, None, None),
    ("ลาป่วยวันนี้นะครับ", "none", [], None, None, None),
    ("วันนี้ขอลาครึ่งวันครับ", "none", [], None, None, None),
    ("นัดประชุมบ่ายสองนะครับ", "none", [], None, None, None),
    ("ใครว่างบ้าง", "none", [], None, None, None),
    ("แบตเหลือ 10%", "none", [], None, None, None),
    ("ลดราคา 50% ที่ห้าง", "none", [], None, None, None),
    ("ดูบอลเมื่อวานไหม", "none", [], None, None, None),
    ("ฮ่าๆ กาแฟร้านนี้อร่อย", "none", [], None, None, None),
    ("แล้วแต่ครับ", "none", [], None, None, None),
    ("อืม", "none", [], None, None, None),
    ("จริงเหรอ", "none", [], None, None, None),
    ("มีอะไรให้ช่วยไหมครับ", "none", [], None, None, None),
    # nothing readable
    ("", "none", [], None, None, None),
    ("   ", "none", [], None, None, None),
    ("...", "none", [], None, None, None),
    ("???", "none", [], None, None, None),
    ("😂😂", "none", [], None, None, None),
    ("https://www.youtube.com/watch?v=abc", "none", [], None, None, None),
]

SECTIONS = {
    "done": DONE,
    "in_progress": IN_PROGRESS,
    "not_started": NOT_STARTED,
    "problem": PROBLEM,
    "status": STATUS,
    "outstanding": OUTSTANDING,
    "my_tasks": MY_TASKS,
    "report": REPORT,
    "help": HELP,
    "register": REGISTER,
    "none": NONE,
}
CASES = [row for rows in SECTIONS.values() for row in rows]
IDS = [f"{name}-{i:03d}" for name, rows in SECTIONS.items() for i in range(len(rows))]


@pytest.mark.parametrize(("text", "intent", "refs", "percent", "day", "code"), CASES, ids=IDS)
def test_case(text, intent, refs, percent, day, code):
    got = parse(text, TODAY).to_contract()
    assert (got["intent"], got["refs"], got["percent"], got["date"], got["code"]) == (
        intent, refs, percent, day, code,
    ), text


URLS = [
    ("ส่งแล้วครับ https://www.example.go.th/ita/o23.pdf", ["https://www.example.go.th/ita/o23.pdf"]),
    ("ลิงก์ https://abt.go.th/ita?id=12&y=2566 ครับ", ["https://abt.go.th/ita?id=12&y=2566"]),
    ("o5 ลงแล้ว (https://a.go.th/x)", ["https://a.go.th/x"]),
    ("ขึ้นเว็บแล้ว https://a.go.th/o1.pdfครับ", ["https://a.go.th/o1.pdf"]),
    ("http://old.example.com/A_B/C.PDF, https://b.go.th/", ["http://old.example.com/A_B/C.PDF", "https://b.go.th/"]),
    ("ไม่มีลิงก์", []),
]


@pytest.mark.parametrize(("text", "urls"), URLS, ids=[f"url-{i}" for i in range(len(URLS))])
def test_urls_kept_exactly(text, urls):
    assert parse(text, TODAY).to_contract()["urls"] == urls


UNITS = [
    ("กองคลังถึงไหนแล้ว", "กองคลัง"),
    ("กองช่างไปถึงไหนแล้วครับ", "กองช่าง"),
    ("สำนักปลัดฯ เป็นไงบ้าง", "สำนักปลัด"),
    ("สำนักงานปลัดส่งแล้ว", "สำนักปลัด"),
    ("สป. ทำไปกี่ข้อแล้ว", "สำนักปลัด"),
    ("กองสวัสดิการสังคมยังค้างอะไรบ้าง", "กองสวัสดิการสังคม"),
    ("หน่วยตรวจสอบภายในส่งแล้ว", "หน่วยตรวจสอบภายใน"),
    ("o12 เสร็จแล้ว", None),
    ("กองทุนหลักประกันสุขภาพส่งแล้ว", None),
]


@pytest.mark.parametrize(("text", "unit"), UNITS, ids=[f"unit-{i}" for i in range(len(UNITS))])
def test_unit(text, unit):
    assert parse(text, TODAY).unit == unit


INDICATORS = [
    ("ตัวชี้วัดที่ 9 เป็นยังไงบ้าง", 9),
    ("ตัวชี้วัด ๑๐ ไปถึงไหนแล้ว", 10),
    ("ตัวชี้วัดที่ 9.1 ทำครบแล้ว", 9),
    ("o9 เสร็จแล้ว", None),
]


@pytest.mark.parametrize(
    ("text", "indicator"), INDICATORS, ids=[f"indicator-{i}" for i in range(len(INDICATORS))]
)
def test_indicator(text, indicator):
    assert parse(text, TODAY).indicator == indicator


TITLES = [
    ("คู่มือการยืมทรัพย์สิน เสร็จแล้ว", "คู่มือการยืมทรัพย์สิน"),
    ("o6 กฎหมายที่เกี่ยวข้อง ลงเว็บแล้วค่ะ", "กฎหมายที่เกี่ยวข้อง"),
    ("ข้อ ๐๑๑ แผนดำเนินงานประจำปี ดำเนินการแล้ว", "แผนดำเนินงานประจำปี"),
    ("ประกาศเจตนารมณ์ ลงเว็บแล้วครับ", "ประกาศเจตนารมณ์"),
    ("แผนการจัดซื้อจัดจ้าง อัปโหลดเรียบร้อยแล้ว https://a.go.th/x", "แผนการจัดซื้อจัดจ้าง"),
    ("สถานะคู่มือการร้องเรียน", "คู่มือการร้องเรียน"),
    ("o12 เสร็จแล้วครับ", ""),
    ("o12 ทำหรือยัง", ""),
]


@pytest.mark.parametrize(("text", "title"), TITLES, ids=[f"title-{i}" for i in range(len(TITLES))])
def test_title_text(text, title):
    assert parse(text, TODAY).title_text == title


QUESTIONS = [
    ("o21 เสร็จหรือยัง", True),
    ("o21 เสร็จแล้ว", False),
    ("ดำเนินการแล้วกี่ข้อ", True),
    ("แผนที่เกี่ยวข้องเสร็จแล้ว", False),  # กี่ inside เกี่ยว is not a question
    ("ขยายเวลาได้ไหมครับ", True),
]


@pytest.mark.parametrize(
    ("text", "is_question"), QUESTIONS, ids=[f"question-{i}" for i in range(len(QUESTIONS))]
)
def test_is_question(text, is_question):
    assert parse(text, TODAY).is_question is is_question


def test_contract_shape():
    got = parse("o12 ลงเว็บแล้ว 50% เมื่อวาน https://a.go.th/x", TODAY).to_contract()
    assert list(got) == ["intent", "refs", "percent", "date", "code", "urls"]
    assert got["date"] == "2023-03-14"
    assert isinstance(got["refs"], list)
    assert isinstance(got["urls"], list)


def test_parse_is_frozen_and_pure():
    first = parse("o12 เสร็จแล้ว", TODAY)
    assert parse("o12 เสร็จแล้ว", TODAY) == first
    with pytest.raises(AttributeError):
        first.intent = "none"  # type: ignore[misc]
