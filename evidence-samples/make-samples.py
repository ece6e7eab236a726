#!/usr/bin/env python3
"""Rebuild the three sample evidence packs of lingfeng-2021 (review year 2025).

    python3 evidence-samples/make-samples.py            # rebuilds all three packs
    python3 evidence-samples/make-samples.py xiapu-2025 # rebuilds one

Needs: Python 3.9+, Pillow (`pip install pillow`) for the photos and screenshots, and LibreOffice
(`soffice`, e.g. Debian `libreoffice-writer-nogui libreoffice-calc-nogui` + `fonts-noto-cjk`) for the
docx/pdf/xlsx/xls/ods/et files (Pillow writes the photos' EXIF). Everything is seeded: a re-run gives the same content. Office files embed
their creation time, so they are equivalent but not byte-identical.

What each pack is meant to score, item by item, is written in EXPECTED.md next to this script.
Nothing explanatory goes inside a pack: any file there may be matched as evidence.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

try:
    from PIL import Image, ImageDraw, ImageFont
except ImportError:  # pragma: no cover
    sys.exit("make-samples.py needs Pillow: pip install pillow")

# --------------------------------------------------------------------------------------------
# The 55 level-3 items of lingfeng-2021 (id, title, points).

ITEMS = [
    ("A1.1", "产改领导小组", 2), ("A1.2", "党建引领、协同推进机制", 2), ("A2.1", "产改实施方案", 2),
    ("A2.2", "任务清单", 2), ("A2.3", "年度重点工作计划", 1), ("A2.4", "推进会与培训会", 2),
    ("A3.1", "定岗位职责", 1), ("A3.2", "定目标考核", 1), ("A3.3", "定工作保障", 2), ("A3.4", "统筹人员使用", 1),
    ("B1.1", "80人以上非公企业单独建立党组织", 2), ("B1.2", "在产业工人中发展党员", 2),
    ("B1.3", "小微园、楼宇党建综合服务平台", 1), ("B2.1", "产改宣讲会", 2), ("B2.2", "先进典型选树", 2),
    ("B2.3", "沙龙、知识竞赛", 1), ("B3.1", "锋领企服小分队下沉", 2), ("B3.2", "共建单位结对", 2),
    ("C1.1", "党群服务中心面积", 2), ("C1.2", "标准大厅、开放办公、职工活动室", 2), ("C1.3", "专职工作者", 2),
    ("C2.1", "锋领企服十条公示与落实", 2), ("C2.2", "九类公共服务", 2), ("C3.1", "网格化联企与底数台账", 2),
    ("C3.2", "呼叫报到机制与企业家、党员、HR工作群", 2), ("C3.3", "走访、职工说事、锋领答疑", 1),
    ("C3.4", "问题分类处置闭环", 1), ("D1.1", "规上企业产改覆盖率", 4),
    ("D1.2", "推广《非公企业产改实施方案（参考本）》", 2), ("D2.1", "工匠学堂", 2), ("D2.2", "讲师团", 1),
    ("D2.3", "培训人次", 2), ("D2.4", "技能等级自主评价", 2), ("D2.5", "学生—准工—工匠—大师成长体系", 2),
    ("D3.1", "劳动和技能竞赛", 2), ("D3.2", "创意提案与合理化建议", 2), ("D3.3", "劳模工匠创新工作室", 2),
    ("D3.4", "学历与证书提升", 1), ("E1.1", "建会率、入会率", 2), ("E1.2", "区域、行业集体协商", 2),
    ("E1.3", "法律服务与劳动争议调解", 1), ("E2.1", "小候鸟假日学校与子女托管", 2), ("E2.2", "特定群体之家", 2),
    ("E2.3", "住房、就医、文体服务", 2), ("E3.1", "公益组织培育与引入", 2), ("E3.2", "公益服务项目与品牌", 2),
    ("E3.3", "困难职工帮扶", 1), ("F1.1", "标准清单分解到岗", 2), ("F1.2", "台账规范", 2), ("F1.3", "年中自查", 2),
    ("F1.4", "年底标准清单对账复盘", 2), ("F2.1", "每年两次述职", 2), ("F2.2", "三定一统筹考核结果", 2),
    ("F2.3", "整改清单销号", 2), ("F2.4", "经验总结与信息报送", 2),
]

# How a problem was handled (the article: 能自我解决的，社区党群自己想办法或联动各企业解决，需要园区外力量的，发挥联盟机制优势).
ROUTES = ["社区自行解决", "联动企业解决", "提请联盟"]
ISSUE_HEADER = ["受理日期", "企业", "问题", "处置方式", "状态", "反馈情况", "响应单位", "响应日期"]
# who reports in when the community calls (呼叫报到), by topic
RESPONDERS = {"员工子女入学": "区教育局", "用电增容": "国网北仑供电公司", "停车难": "区交警大队", "技能评价": "区人社局",
              "劳动纠纷咨询": "区劳动人事争议仲裁院", "欠薪投诉": "区人社局劳动保障监察大队", "道路积水": "区住建局",
              "夜间停车": "港区管委会", "道口排队": "港区调度中心", "子女入学": "区教育局", "欠薪": "区人社局劳动保障监察大队"}


def issue_row(d: str, firm: str, topic: str, route: str, status: str, feedback: str, days: int, answered: bool) -> list:
    """One row of data/问题台账: an escalated problem names who reported in and when (unless still unanswered)."""
    unit, when = "", ""
    if route == "提请联盟" and answered:
        unit = RESPONDERS[topic]
        when = (_dt.date.fromisoformat(d) + _dt.timedelta(days=days)).isoformat()
    return [d, firm, topic, route, status, feedback, unit, when]


SERVICE_KINDS = ["就业", "创业", "劳动保障", "提升发展", "安家", "住房", "教育", "就医", "文体"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红海波斌宇浩凯晨鑫佳琳雪梅婷俊峰亮辉鹏飞云帆欣怡子涵梓轩宏伟晓东海燕春燕立新永康文博玉兰秋菊卫东"

# --------------------------------------------------------------------------------------------
# A pack under construction: relative path -> how to make the file.


class Pack:
    def __init__(self, name: str, seed: int):
        self.name = name
        self.rng = random.Random(seed)
        self.raw: dict[str, bytes] = {}          # written as is
        self.docs: dict[str, str] = {}           # rel path (.docx or .pdf) -> html source
        self.sheets: dict[str, tuple] = {}       # rel path (.xlsx) -> (header, rows)
        self.books: dict[str, tuple] = {}        # rel path (.xlsx/.xls/.ods/.et) -> register as offices keep it
        self._names: set[str] = set()

    # ---- people and firms
    def person(self) -> str:
        while True:
            n = self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            if n not in self._names:
                self._names.add(n)
                return n

    def people(self, k: int) -> list[str]:
        return [self.person() for _ in range(k)]

    def phone(self) -> str:
        return "1" + self.rng.choice(["38", "39", "58", "59", "88", "57", "36", "51"]) + "".join(
            str(self.rng.randrange(10)) for _ in range(8))

    def date(self, year: int = 2025, months=range(1, 13)) -> str:
        m = self.rng.choice(list(months))
        d = self.rng.randint(1, 28)
        return f"{year}-{m:02d}-{d:02d}"

    def dates(self, k: int, year: int = 2025, months=range(1, 13)) -> list[str]:
        return sorted(self.date(year, months) for _ in range(k))

    # ---- files
    def text(self, rel: str, s: str, encoding: str = "utf-8") -> None:
        self.raw[rel] = s.encode(encoding)

    def csv(self, rel: str, header: list, rows: list, encoding: str = "utf-8", bom: bool = False,
            crlf: bool = False, title: str = "", footer: tuple = ()) -> None:
        """A csv register; `title` and `footer` are lines above the header and below the rows, as a
        register saved from a spreadsheet with its title row keeps them. `utf-16` writes a BOM."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
        if title:
            w.writerow([title] + [""] * (len(header) - 1))
        w.writerow(header)
        w.writerows(rows)
        if footer:
            w.writerow([""] * len(header))
            for line in footer:
                w.writerow([line] + [""] * (len(header) - 1))
        data = buf.getvalue().encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
        self.raw[rel] = data

    def xlsx(self, rel: str, header: list, rows: list) -> None:
        self.sheets[rel] = (header, rows)

    def book(self, rel: str, header: list, rows: list, *, title: str, keeper: str = "", total: str = "",
             footer: tuple = ()) -> None:
        """A register as an office keeps it in Excel, WPS or LibreOffice: a title merged across the
        sheet, a line naming the keeper, the header, the rows, a 合计 row summing the column `total`,
        a blank row and the 制表人/审核人/填表日期 footer. Saved by LibreOffice as the name's format
        (.et: WPS Spreadsheets' default, the xls format)."""
        assert rel.endswith((".xlsx", ".xls", ".ods", ".et")), rel
        self.books[rel] = (header, rows, title, keeper, total, footer)

    def doc(self, rel: str, html: str) -> None:
        assert rel.endswith((".docx", ".pdf")), rel
        self.docs[rel] = html

    def photo(self, rel: str, stamp: str, kind: str = "meeting", exif: bool = True) -> None:
        """A photo stamped `stamp`; from a phone camera it carries the time taken in EXIF, sent on
        through WeChat (`exif=False`) it has none."""
        self.raw[rel] = photo(self.rng, stamp, kind, exif)

    def scan(self, rel: str, kind: str = "form") -> None:
        self.raw[rel] = scan(self.rng, kind, rel.endswith(".png"))

    def shot(self, rel: str) -> None:
        self.raw[rel] = screenshot(self.rng)


# --------------------------------------------------------------------------------------------
# Images: small JPEG photos with a camera date stamp, page scans, chat screenshots.


def _jpeg(im, quality=68, exif=None) -> bytes:
    b = io.BytesIO()
    if exif is None:
        im.save(b, "JPEG", quality=quality, optimize=True)
    else:
        im.save(b, "JPEG", quality=quality, optimize=True, exif=exif)
    return b.getvalue()


def camera_exif(stamp: str):
    """What a phone camera writes: make, model, and the time taken (DateTimeOriginal, in the Exif
    sub-IFD) and stored (DateTime), local time without a zone."""
    taken = stamp.replace("-", ":") + ":00"
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"
    exif[0x0110] = "ELS-AN00"
    exif[0x0132] = taken
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = taken
    sub[0x9004] = taken
    return exif


def photo(rng: random.Random, stamp: str, kind: str, exif: bool = True) -> bytes:
    w, h = 200, 150
    wall = rng.choice([(214, 206, 188), (196, 204, 212), (226, 220, 206), (180, 196, 186)])
    im = Image.new("RGB", (w, h), wall)
    d = ImageDraw.Draw(im)
    d.rectangle([0, 104, w, h], fill=(120, 110, 96) if kind != "outdoor" else (96, 130, 80))
    if kind == "outdoor":
        d.rectangle([0, 0, w, 60], fill=(150, 190, 228))
        d.rectangle([30, 30, 170, 104], fill=(210, 210, 215))
        for x in range(40, 165, 20):
            d.rectangle([x, 44, x + 10, 60], fill=(90, 120, 150))
        d.rectangle([70, 22, 130, 32], fill=(190, 30, 30))
    else:
        d.rectangle([24, 10, 176, 34], fill=(186, 28, 32))  # banner
        for x in range(34, 168, 11):
            d.rectangle([x, 18, x + 7, 26], fill=(250, 214, 60))
        if kind == "room":
            for x in (20, 90, 150):
                d.rectangle([x, 70, x + 34, 104], fill=(150, 100, 60))
    people = {"meeting": 9, "class": 7, "room": 2, "outdoor": 3, "plaque": 0}.get(kind, 5)
    for i in range(people):
        x = 10 + i * (180 // max(people, 1)) + rng.randint(-3, 3)
        y = 70 + rng.randint(-6, 10)
        d.ellipse([x, y, x + 13, y + 13], fill=(40, 32, 28))
        d.rectangle([x - 3, y + 13, x + 16, y + 50], fill=tuple(rng.randint(30, 200) for _ in range(3)))
    if kind == "plaque":
        d.rectangle([60, 40, 140, 110], fill=(200, 170, 60), outline=(120, 90, 20), width=3)
        for y in range(52, 100, 12):
            d.rectangle([72, y, 128, y + 6], fill=(150, 30, 30))
    d.text((108, 136), stamp, fill=(255, 150, 0), font=ImageFont.load_default())
    return _jpeg(im, exif=camera_exif(stamp) if exif else None)


def scan(rng: random.Random, kind: str, png: bool) -> bytes:
    w, h = 150, 210
    im = Image.new("L" if png else "RGB", (w, h), 250 if png else (248, 247, 242))
    d = ImageDraw.Draw(im)
    ink = 60 if png else (50, 50, 60)
    d.rectangle([45, 12, 105, 18], fill=ink)  # title
    if kind == "form":  # sign-in sheet / roster: a ruled table with handwriting
        for y in range(30, 196, 12):
            d.line([12, y, 138, y], fill=ink)
        for x in (12, 40, 90, 138):
            d.line([x, 30, x, 194], fill=ink)
        for y in range(42, 194, 12):
            if rng.random() < 0.85:
                x0 = 94 + rng.randint(0, 6)
                d.line([x0, y - 3, x0 + rng.randint(14, 36), y - 8 + rng.randint(0, 6)], fill=(20, 20, 120) if not png else 40, width=2)
    else:  # letter: body lines, signature and red stamp
        for y in range(32, 150, 9):
            d.line([16, y, 134 - rng.randint(0, 40) * (y % 5 == 0), y], fill=120 if png else (110, 110, 110))
        d.line([90, 170, 128, 164], fill=40 if png else (20, 20, 120), width=2)
        if not png:
            d.ellipse([92, 150, 132, 190], outline=(210, 30, 30), width=3)
            d.ellipse([108, 166, 116, 174], fill=(210, 30, 30))
    if png:
        b = io.BytesIO()
        im.save(b, "PNG", optimize=True)
        return b.getvalue()
    return _jpeg(im, 60)


def screenshot(rng: random.Random) -> bytes:
    w, h = 120, 220
    im = Image.new("RGB", (w, h), (237, 237, 237))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 0, w, 22], fill=(40, 40, 40))
    d.rectangle([0, h - 18, w, h], fill=(247, 247, 247))
    y = 30
    while y < h - 40:
        mine = rng.random() < 0.35
        bw = rng.randint(40, 80)
        bh = rng.choice([12, 18, 24])
        if mine:
            d.rectangle([w - 22, y, w - 8, y + 14], fill=(90, 140, 200))
            d.rectangle([w - 26 - bw, y, w - 26, y + bh], fill=(149, 236, 105))
        else:
            d.rectangle([8, y, 22, y + 14], fill=tuple(rng.randint(60, 200) for _ in range(3)))
            d.rectangle([26, y, 26 + bw, y + bh], fill=(255, 255, 255))
        y += bh + 8
    im = im.quantize(16)
    b = io.BytesIO()
    im.save(b, "PNG", optimize=True)
    return b.getvalue()


# --------------------------------------------------------------------------------------------
# Document templates (HTML, converted by LibreOffice to docx, then pdf where wanted).

CSS = ("body{font-family:'SimSun','Noto Serif CJK SC',serif;font-size:12pt;line-height:1.6}"
       "h1{font-family:'SimHei','Noto Sans CJK SC',sans-serif;font-size:18pt;text-align:center}"
       "p.c{text-align:center}p.r{text-align:right}table{border-collapse:collapse}"
       "td,th{border:1px solid #000;padding:2px 6px;font-size:10.5pt}")


def cn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def html(title: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<style>{CSS}</style></head><body>{body}</body></html>")


def notice(title: str, docno: str, paras: list, issuer: str, date: str, to: str = "") -> str:
    body = f"<h1>{title}</h1>"
    if docno:
        body += f"<p class=\"c\">{docno}</p>"
    if to:
        body += f"<p>{to}：</p>"
    body += "".join(f"<p>{p}</p>" for p in paras)
    body += f"<p class=\"r\">{issuer}</p><p class=\"r\">{cn_date(date)}</p>"
    return html(title, body)


def minutes(title: str, date: str, place: str, host: str, attendees: list, paras: list, recorder: str) -> str:
    body = (f"<h1>{title}</h1><p>时间：{cn_date(date)}</p><p>地点：{place}</p><p>主持：{host}</p>"
            f"<p>参加人员：{'、'.join(attendees)}</p><p>记录：{recorder}</p><p><b>会议内容：</b></p>")
    body += "".join(f"<p>{i}. {p}</p>" for i, p in enumerate(paras, 1))
    return html(title, body)


def table_doc(title: str, intro: str, header: list, rows: list, foot: str = "") -> str:
    t = "<table><tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    t += "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows) + "</table>"
    return html(title, f"<h1>{title}</h1><p>{intro}</p>{t}<p>{foot}</p>")


def article(title: str, paras: list, byline: str) -> str:
    return html(title, f"<h1>{title}</h1><p class=\"c\">{byline}</p>" + "".join(f"<p>{p}</p>" for p in paras))


# --------------------------------------------------------------------------------------------
# Firms


def firm_names(rng: random.Random, k: int, trades: list[str]) -> list[str]:
    brands = list("恒瑞金宏华鑫永德博天凯信昌甬港东新伟裕泰亿合精立顺盛丰达远翔海拓力锐晟隆诚兴峰源通安嘉聚鼎")
    seen, out = set(), []
    while len(out) < k:
        b = rng.choice(brands) + rng.choice(brands)
        if b[0] == b[1] or b in seen:
            continue
        seen.add(b)
        out.append(f"宁波{b}{rng.choice(trades)}有限公司")
    return out


def register(p: Pack, firms: list[str], grids: list[str], *, big: list[bool], own_party: list[bool],
             above: list[bool], covered: list[bool], plan: list[bool], union: list[bool],
             contract: list[bool], joined: list[bool], blank_grid: int = 0) -> list[list]:
    """企业名册 rows. Lists of flags are per firm."""
    rows = []
    yn = lambda b: "是" if b else "否"
    for i, f in enumerate(firms):
        staff = p.rng.randint(85, 420) if big[i] else p.rng.randint(12, 78)
        party = "单独建立" if own_party[i] else ("联合建立" if big[i] or p.rng.random() < 0.6 else "未建立")
        grid = "" if i < blank_grid else grids[i % len(grids)]
        rows.append([f, yn(above[i]), staff, party, grid, yn(joined[i]), yn(covered[i]),
                     yn(plan[i] and covered[i]), yn(union[i]), yn(contract[i] and union[i]), p.person(), p.phone()])
    return rows


REGISTER_HEADER = ["企业", "规上", "职工人数", "党组织", "网格", "已入群", "产改覆盖", "产改方案", "已建会", "集体合同", "联系人", "联系电话"]


def typed_date(iso: str, k: int) -> str:
    """A date as an officer types it into a register cell: 2025/3/5, 2025.3.5, 2025年3月5日 or
    left as the spreadsheet's own date (k picks the form)."""
    y, m, d = (int(x) for x in iso.split("-"))
    return [iso, f"{y}/{m}/{d}", f"{y}.{m}.{d}", f"{y}年{m}月{d}日"][k % 4]


def phone_name(stamp: str, style: str) -> str:
    """The name a phone or WeChat gives a photo taken at `stamp` (China time)."""
    d, t = stamp.split()
    ymd, hm = d.replace("-", ""), t.replace(":", "")
    if style == "huawei":
        return f"IMG_{ymd}_{hm}00.jpg"
    if style == "oppo":
        return f"IMG{ymd}{hm}00.jpg"
    if style == "wechat":
        return f"微信图片_{ymd}{hm}00.jpg"
    if style == "mmexport":
        when = _dt.datetime.fromisoformat(f"{d}T{t}:00+08:00")
        return f"mmexport{int(when.timestamp()) * 1000}.jpg"
    raise ValueError(style)


def flags(n: int, true_idx) -> list[bool]:
    s = set(true_idx)
    return [i in s for i in range(n)]


# --------------------------------------------------------------------------------------------
# Content shared by the packs, parameterised.

def indicators(**kv) -> str:
    notes = {
        "service_center_area_m2": "党群服务中心建筑面积（m²）",
        "open_days_per_week": "每周开放天数",
        "full_time_staff": "专职工作者人数",
        "funds_budget_yuan": "年度工会工作经费预算（元）",
        "funds_spent_yuan": "年度实际支出（元）",
        "above_scale_firms": "规上企业数",
        "above_scale_covered": "已开展产改的规上企业数",
        "above_scale_coverage": "规上企业产改覆盖率",
        "proposals_submitted": "本年提交创意提案、合理化建议数",
        "proposals_adopted": "本年采纳数",
        "membership_rate": "职工入会率",
        "union_founding_rate": "企业建会率",
        "sanding_grade": "“三定一统筹”考核等次",
    }
    out = ["# 指标值（比例写小数）"]
    for k, v in kv.items():
        out.append(f"{k}: {v}".ljust(34) + f"# {notes[k]}")
    return "\n".join(out) + "\n"


def ledger_rows(p: Pack, k: int, total: int, items: list[str], handlers: list[str], year=2025) -> list[list]:
    ds = p.dates(k, year)
    amts = [p.rng.randint(2, 30) * 500 for _ in range(k)]
    amts[-1] += total - sum(amts)
    return [[ds[i], p.rng.choice(items), f"{amts[i]:.2f}", p.rng.choice(handlers)] for i in range(k)]


FUND_ITEMS = ["工匠学堂讲课费", "小候鸟暑期班场地与餐费", "产改宣讲会资料印制", "职工文体活动器材", "困难职工慰问品",
              "技能竞赛奖品", "法律服务购买", "职工活动室设备维护", "党群服务中心水电分摊", "创意之星表彰奖励", "公益项目配套资金"]


def staff_table(p: Pack, posts: list[str], hired_years=(2016, 2024)) -> list[list]:
    rows = []
    for post in posts:
        y = p.rng.randint(*hired_years)
        rows.append([p.person(), post, f"{y}-{p.rng.randint(1, 12):02d}-{p.rng.randint(1, 28):02d}", p.phone()])
    return rows


DUTIES = {
    "社区党委书记": "主持社区党委全面工作，牵头产改领导小组，组织联席会议",
    "工会联合会主席": "负责社区工会联合会日常工作，组织述职和“三定一统筹”考核准备",
    "党建专员": "负责两新组织党建、发展党员、党建联盟和共建单位对接",
    "企服专员": "负责锋领企服十条落实、企业走访、问题台账闭环",
    "产改专员": "负责规上企业产改指导、参考本推广、工匠学堂和自主评价",
    "职工服务专员": "负责小候鸟假日学校、困难职工帮扶、公共服务台账",
    "网格专员": "负责网格化联企、企业底数台账更新、工作群管理",
    "综合文员": "负责台账归档、信息报送、经费报账",
    "法律服务专员": "负责法律服务和劳动争议调解",
    "司机之家专员": "负责集卡司机之家驿站运营和星级司机评价",
}

# “三定一统筹” concerns the community's union posts: the posts doing union work, in this order.
UNION_POSTS = ["工会联合会主席", "产改专员", "职工服务专员", "法律服务专员", "司机之家专员"]
TARGETS = {
    "工会联合会主席": "组织两次述职和“三定一统筹”考核准备，企业建会率不低于 90%",
    "产改专员": "规上企业产改全覆盖指导，工匠学堂全年开课",
    "职工服务专员": "小候鸟假日学校开班，困难职工帮扶全部建档",
    "法律服务专员": "劳动争议调解成功率不低于 90%",
    "司机之家专员": "司机之家全年开放，星级司机评价一次",
}


def union_posts(staff: list, signed: set[str], no_duties: set[str] = frozenset()) -> list[list]:
    """data/工会岗位台账: one row per union post of the staff roster (岗位, 姓名, 岗位职责, 考核目标,
    责任书已签), the posts in UNION_POSTS order; no random draws, so the other files do not change."""
    rows = []
    for post in UNION_POSTS:
        for n, pst, *_ in staff:
            if pst == post:
                rows.append([pst, n, "" if n in no_duties else DUTIES[pst], TARGETS[pst], "是" if n in signed else "否"])
    return rows


UNION_HEADER = ["岗位", "姓名", "岗位职责", "考核目标", "责任书已签"]

TASKS = [
    ("召开年度产改推进会", "A2.4"), ("修订社区产改实施方案", "A2.1"), ("签订岗位目标责任书", "A3.2"),
    ("开展产改宣讲进企业", "B2.1"), ("更新企业底数台账和网格划分", "C3.1"), ("规上企业产改全覆盖指导", "D1.1"),
    ("推广产改实施方案参考本", "D1.2"), ("工匠学堂全年开课", "D2.1"), ("举办职工技能竞赛", "D3.1"),
    ("开办小候鸟暑期班", "E2.1"), ("困难职工摸排与帮扶", "E3.3"), ("年中对照标准清单自查", "F1.3"),
    ("年底标准清单对账复盘", "F1.4"), ("整改清单逐项销号", "F2.3"),
]

STATUS_ZH = {"met": "已完成", "partial": "部分完成", "unmet": "未完成", "na": "不适用", "waived": "不适用", "error": "部分完成"}


def reconciliation(p: Pack, plan: dict[str, str]) -> list[list]:
    notes = {"已完成": "台账齐全，已对账", "部分完成": "部分指标未达标，列入整改清单", "未完成": "未开展或台账缺失，列入整改清单",
             "不适用": "经说明不适用本社区"}
    rows = []
    for iid, title, _ in ITEMS:
        st = STATUS_ZH[plan.get(iid, "met")]
        rows.append([iid, st, f"{title}：{notes[st]}"])
    return rows


# --------------------------------------------------------------------------------------------
# 1. 灵峰工业社区 — strong, 优秀


def lingfeng() -> Pack:
    p = Pack("lingfeng-2025", 2101)
    C, UNION, PARTY = "灵峰工业社区", "灵峰工业社区工会联合会", "中共灵峰工业社区委员会"
    grids = [f"灵峰{i}号网格" for i in range(1, 6)]
    staff_posts = ["社区党委书记", "工会联合会主席", "党建专员", "企服专员", "产改专员", "职工服务专员", "网格专员", "综合文员"]
    staff = staff_table(p, staff_posts)
    names = [r[0] for r in staff]
    sec, chair = names[0], names[1]

    p.text("pack.yaml", f"""community: {C}
period: 2025
standard: {{id: lingfeng-2021, version: "2021.1"}}
preparer: {UNION} {names[7]}
plan: data/任务清单.xlsx
bonus:
  - id: honour-city
    note: 2025年6月被宁波市总工会命名为市级产业工人队伍建设改革示范点
    title: 宁波市产业工人队伍建设改革示范点
    awarded: 2025-06-12
    certificate: "bonus/2025-06-12 市级产改示范点命名文件.pdf"
    evidence: ["bonus/2025-06-12 市级产改示范点命名文件.pdf"]
""")
    p.text("review.yaml", f"""attestations:
  - item: F1.4
    by: 区总工会组织部 王敏
    role: 区总工会
    date: 2026-01-12
    verdict: met
    comment: 对账复盘表55项逐项核对，与台账一致；A2.3、D2.3、E3.2、F1.2 已列入2026年整改清单
""")
    p.doc("bonus/2025-06-12 市级产改示范点命名文件.pdf", notice(
        "关于命名第三批市级产业工人队伍建设改革示范点的通知", "甬工〔2025〕21号",
        ["经基层申报、区县（市）总工会推荐、实地评估，决定命名北仑区灵峰工业社区等12家单位为第三批市级产业工人队伍建设改革示范点。",
         "希望被命名单位珍惜荣誉，发挥示范引领作用，持续推进产改向中小企业延伸。"],
        "宁波市总工会", "2025-06-12", "各区（县、市）总工会、各产业工会"))

    # A1.1
    p.doc("A/A1.1/2025-02-18 关于调整产改工作领导小组成员的通知.pdf", notice(
        "关于调整灵峰工业社区产改工作领导小组成员的通知", "灵社党〔2025〕3号",
        [f"因人员变动，经社区党委研究，决定调整灵峰工业社区产业工人队伍建设改革（产改）工作领导小组，由{sec}同志任组长，{chair}同志任常务副组长。",
         "领导小组下设办公室，设在社区工会联合会，负责产改日常工作、任务清单分解和年底对账复盘。"],
        PARTY, "2025-02-18", "各网格、各企业党组织和工会"))
    leaders = [[sec, "社区党委书记", "组长"], [chair, "社区工会联合会主席", "常务副组长"], [p.person(), "小港街道总工会副主席", "副组长"]]
    leaders += [[n, pst, "成员"] for n, pst in zip(names[2:7], staff_posts[2:7])]
    leaders += [[p.person(), "宁波恒锐模具有限公司工会主席", "成员"]]
    p.csv("data/领导小组成员.csv", ["姓名", "单位职务", "小组职务"], leaders)

    # A1.2
    p.doc("A/A1.2/2021-04-06 党建引领协同推进工作机制实施办法.pdf", notice(
        "灵峰工业社区“党建引领、协同推进”工作机制实施办法", "灵社党〔2021〕9号",
        ["为落实区委组织部、区总工会关于建立“党建引领、协同推进”工作机制的实施意见，推动党组织与工会组织同建同抓，制定本办法。",
         "一、党组织书记与工会主席每季度召开一次党工联席会议，研究产改重点工作。二、党建工作与工会工作同部署、同考核。"],
        PARTY, "2021-04-06"))
    for d, topic in [("2025-03-20", "研究2025年产改任务清单分解"), ("2025-06-18", "听取年中自查情况"),
                     ("2025-09-16", "部署工匠学堂秋季课程和技能竞赛"), ("2025-12-12", "部署年底标准清单对账复盘")]:
        p.doc(f"A/A1.2/{d} 党工联席会议纪要.docx", minutes(
            f"灵峰工业社区党工联席会议纪要（{topic}）", d, "灵峰工业社区党群服务中心三楼会议室", sec,
            names[:6], [f"会议{topic}。", "会议要求各专员对照任务清单按时完成，台账在活动后30天内归档。"], names[7]))

    # A2.1 / A2.3 / A2.4
    p.doc("A/A2.1/2025-03-01 灵峰工业社区2025年产改实施方案.pdf", notice(
        "灵峰工业社区2025年产业工人队伍建设改革实施方案", "灵社党〔2025〕6号",
        ["一、总体目标：规上企业产改覆盖率保持在90%以上，工匠学堂全年开课不少于12堂，培训职工2000人次。",
         "二、重点任务：思想政治引领、技能形成、权益保障、集成服务四个方面14项任务，详见任务清单。",
         "三、保障措施：落实“三定一统筹”，年中自查、年底对账复盘。"], PARTY, "2025-03-01"))
    p.doc("A/A2.3/2025-04-08 灵峰工业社区2025年产改重点工作计划.docx", notice(
        "灵峰工业社区2025年产改重点工作计划", "",
        ["根据社区产改实施方案，制定2025年重点工作计划：一季度完成任务清单分解；二季度召开推进会、培训会；三季度举办知识竞赛和技能竞赛；四季度对账复盘。"],
        UNION, "2025-04-08"))
    p.doc("A/A2.4/2025-04-16 关于召开产改推进会的通知.pdf", notice(
        "关于召开灵峰工业社区2025年产改推进会的通知", "", ["定于2025年4月18日下午2时在党群服务中心召开产改推进会，请各规上企业工会主席参加。"],
        UNION, "2025-04-16", "各企业工会"))
    p.doc("A/A2.4/2025-04-18 产改推进会纪要.docx", minutes(
        "灵峰工业社区2025年产改推进会纪要", "2025-04-18", "党群服务中心报告厅", sec, names[:4] + ["各规上企业工会主席"],
        ["通报2024年产改对账复盘结果和整改清单。", "部署2025年任务清单14项，明确责任人和完成时限。"], names[7]))
    p.doc("A/A2.4/2025-05-20 产改工作培训会通知.pdf", notice(
        "关于举办产改工作培训会的通知", "", ["定于5月20日举办企业工会主席、HR产改工作培训会，内容为《非公企业产改实施方案（参考本）》解读。"],
        UNION, "2025-05-13", "各企业工会"))
    p.scan("A/A2.4/2025-04-18 推进会签到表.jpg")
    p.scan("A/A2.4/2025-05-20 培训会签到表.jpg")
    p.photo("A/A2.4/2025-04-18 推进会现场.jpg", "2025-04-18 14:36")
    p.photo("A/A2.4/2025-05-20 培训会现场.jpg", "2025-05-20 09:12", "class")

    # A2.2 任务清单
    tasks = [[t, i, p.rng.choice(names[1:7]), f"2025-{p.rng.randint(3, 12):02d}-{p.rng.choice([15, 30]):02d}", "已完成"] for t, i in TASKS]
    tasks[-1][4] = "进行中"
    p.xlsx("data/任务清单.xlsx", ["任务", "条目", "责任人", "完成时限", "状态"], tasks)

    # A3
    p.csv("data/专职工作者名册.csv", ["姓名", "岗位", "入职日期", "联系电话"], staff)
    p.csv("data/工会岗位台账.csv", UNION_HEADER, union_posts(staff, signed=set(names)))
    for n in names:
        p.scan(f"A/A3.2/2025-02-25 目标责任书-{n}.jpg", "letter")
    p.xlsx("A/A3.3/2025-01-10 2025年度工会工作经费预算表.xlsx", ["科目", "预算金额（元）", "说明"],
           [["职工教育培训", 60000, "工匠学堂、技能竞赛"], ["文体活动", 30000, "职工运动会、文艺活动"], ["维权帮扶", 40000, "困难职工帮扶、法律服务"],
            ["宣传教育", 20000, "宣讲会、知识竞赛"], ["其他", 30000, "小候鸟暑期班等"]])
    p.csv("data/经费台账.csv", ["日期", "事项", "金额", "经办人"], ledger_rows(p, 18, 165430, FUND_ITEMS, [names[7], names[1]]))
    ab = [[pst, n, names[(i + 1) % 8]] for i, (n, pst, *_) in enumerate(staff)]
    p.csv("data/AB岗表.csv", ["岗位", "A岗", "B岗"], ab)
    p.xlsx("A/A3.4/2025-01-02 2025年党群服务中心值班表.xlsx", ["星期", "上午", "下午"],
           [[d, names[i % 8], names[(i + 3) % 8]] for i, d in enumerate(["周一", "周二", "周三", "周四", "周五", "周六"])])

    # firms
    n = 40
    firms = firm_names(p.rng, n, ["模具", "压铸模具", "精密机械", "五金制品", "注塑", "模具钢材", "机械制造"])
    big = flags(n, range(0, 12))
    reg = register(p, firms, grids, big=big, own_party=flags(n, range(0, 12)), above=flags(n, range(0, 15)),
                   covered=flags(n, list(range(0, 14)) + list(range(15, 23))), plan=flags(n, [i for i in range(23) if i not in (3, 16, 20)]),
                   union=flags(n, range(0, 36)), contract=flags(n, range(0, 40)), joined=flags(n, range(0, 38)))
    p.xlsx("data/企业名册.xlsx", REGISTER_HEADER, reg)

    # B1
    members = [[p.person(), d, p.rng.choice(firms[:15]), "是" if i < 6 else "否"] for i, d in enumerate(p.dates(9))]
    p.csv("data/发展党员名册.csv", ["姓名", "发展日期", "所在企业", "是否产业工人"], members)
    p.csv("data/小微园平台.csv", ["园区楼宇", "平台名称", "已建平台"],
          [["灵峰小微企业园", "灵峰小微园党建综合服务站", "是"], ["戚家山模具产业园", "模具园党群驿站", "是"], ["灵峰商务大厦", "楼宇党建服务点", "是"]])
    p.photo("B/B1.3/2025-03-12 小微园党建综合服务站.jpg", "2025-03-12 10:05", "outdoor")
    # B2
    talks = [[d, t, sp, p.rng.randint(40, 120)] for d, t, sp in [
        ("2025-03-26", "新时期产业工人队伍建设改革方案解读", "区总工会宣讲团"), ("2025-05-09", "技能人才评价政策进企业", names[4]),
        ("2025-06-24", "产改与青年技工成长", "劳模宣讲员"), ("2025-08-28", "职工权益保障与集体协商", "区律师服务团"),
        ("2025-10-15", "工匠精神进车间", "市级工匠"), ("2025-11-20", "产改政策问答", names[4])]]
    p.csv("data/宣讲会台账.csv", ["日期", "主题", "宣讲人", "参加人数"], talks, bom=True, crlf=True)
    for d, *_ in talks:
        p.scan(f"B/B2.1/{d} 宣讲会签到表.jpg")
    for d, m in [("2025-03-31", "三月"), ("2025-06-30", "六月"), ("2025-09-30", "九月"), ("2025-12-26", "十二月")]:
        p.doc(f"B/B2.2/{d} {m}创意之星名单.pdf", table_doc(
            f"灵峰工业社区{m}“创意之星”名单", "经企业推荐、社区评审，以下职工获评本月“创意之星”：", ["姓名", "企业", "提案"],
            [[p.person(), p.rng.choice(firms), p.rng.choice(["模具冷却水路优化", "压铸件去毛刺工装改进", "换模时间缩短方案"])] for _ in range(3)],
            UNION))
    p.doc("B/B2.3/2025-08-21 产改知识竞赛方案.docx", notice(
        "灵峰工业社区2025年产改知识竞赛方案", "", ["竞赛内容为产改政策、工会法、安全生产知识，以企业为单位组队参赛，设一等奖1名、二等奖2名。"], UNION, "2025-08-21"))
    p.photo("B/B2.3/2025-09-05 产改知识竞赛现场.jpg", "2025-09-05 15:20")
    # B3
    squad = [[p.person(), u, r] for u, r in [("区人力社保局", "就业促进科科员"), ("区市场监管局", "企业服务专员"), ("区税务局", "纳税服务科副科长"),
                                              ("区总工会", "组织部干事"), ("区科技局", "科技服务专员")]]
    p.csv("data/小分队成员.csv", ["姓名", "单位", "职务"], squad)
    visits = [[d, p.rng.choice(firms[:20]), s, "、".join(r[0] for r in p.rng.sample(squad, 2))] for d, s in zip(
        p.dates(8), ["人才引培政策对接", "子女入学咨询", "研发费用加计扣除辅导", "技能评价政策宣讲", "用工招聘对接", "高新技术企业申报辅导",
                     "安全生产培训", "融资对接"])]
    p.csv("data/小分队下沉台账.csv", ["日期", "企业", "服务内容", "参加人员"], visits)
    partners = ["北仑区人民医院", "宁波职业技术学院", "北仑农商银行小港支行", "小港派出所", "区司法局律师服务团"]
    for d, u in zip(["2022-03-15", "2022-05-10", "2023-04-20", "2024-02-28"], partners[:4]):
        p.scan(f"B/B3.2/{d} 共建协议-{u}.jpg", "letter")
    joint = [[d, partners[i % 5], a] for i, (d, a) in enumerate(zip(p.dates(7), ["义诊进园区", "技能提升讲座", "金融知识讲座", "平安园区宣传",
                                                                            "法律咨询", "职工体检", "校企合作对接"]))]
    p.csv("data/共建活动台账.csv", ["日期", "共建单位", "活动内容"], joint)

    # C1
    p.doc("C/C1.1/2023-10-08 党群服务中心平面图.pdf", table_doc(
        "灵峰工业社区党群服务中心平面布置图", "建筑面积合计620平方米（一层至三层）。", ["楼层", "功能区", "面积（m²）"],
        [["一层", "标准服务大厅（开放办公）", 180], ["一层", "锋领企服工作站", 60], ["二层", "职工活动室、职工书屋", 140],
         ["二层", "工匠学堂教室", 120], ["三层", "会议室、调解室、小候鸟活动室", 120]], "灵峰工业社区（章）"))
    p.photo("C/C1.2/2025-02-10 标准服务大厅.jpg", "2025-02-10 09:30", "room")
    p.photo("C/C1.2/2025-02-10 职工活动室.jpg", "2025-02-10 09:41", "room")
    p.photo("C/C1.2/2025-02-10 开放时间公示.jpg", "2025-02-10 09:45", "plaque")
    # C2
    p.photo("C/C2.1/锋领企服十条公示栏.jpg", "2025-01-06 08:58", "plaque")
    svc = []
    for i, d in enumerate(p.dates(26)):
        k = i % 10 + 1
        svc.append([d, p.rng.choice(firms), k, ["政策宣讲", "人才招引", "子女入学", "融资对接", "法律服务", "技能培训", "用工保障",
                                                "安全生产", "知识产权", "纾困解难"][k - 1]])
    p.book("data/企服服务台账.ods", ["日期", "企业", "条目编号", "服务内容"], svc,
           title="“锋领企服十条”服务台账（2025年）", footer=(f"制表人：{names[2]}", "填表日期：2025年12月30日"))
    pub = [[d, SERVICE_KINDS[i % 9], p.rng.choice(["职工", "企业", "职工家属"]), c] for i, (d, c) in enumerate(zip(p.dates(27), [
        "招聘会", "创业贷款政策咨询", "工伤认定指导", "学历提升报名", "新市民落户咨询", "人才公寓申请", "子女入学报名", "体检绿色通道",
        "篮球联赛"] * 3))]
    p.csv("data/公共服务台账.csv", ["日期", "服务类别", "服务对象", "服务内容"], pub)
    # C3
    p.doc("C/C3.1/2025-01-15 灵峰工业社区网格划分图.pdf", table_doc(
        "灵峰工业社区2025年网格划分", "全社区划分5个网格，每个网格配网格专员1名、企业联络员若干。", ["网格", "范围", "企业数"],
        [[g, f"{g[:-2]}片区", 8] for g in grids], UNION))
    p.csv("data/工作群.csv", ["群名称", "群类型", "成员数"], [["灵峰企业家联谊群", "企业家群", 46], ["灵峰两新党员群", "党员群", 212],
                                                      ["灵峰HR联盟群", "HR群", 58], ["灵峰工会主席群", "工会群", 39]])
    for i, d in enumerate(["2025-02-14", "2025-05-06", "2025-08-19", "2025-11-03"]):
        p.shot(f"C/C3.2/{d} 工作群截图{i + 1}.png")
    walk = [[d, p.rng.choice(firms[:15]), e, r] for d, (e, r) in zip(p.dates(24), [
        ("职工说事：食堂用餐拥挤", "协调错峰用餐"), ("锋领答疑：技能补贴申领", "现场指导申报"), ("走访：招工难", "推送至区人社局招聘会"),
        ("职工说事：夜班通勤", "协调公交加开班次")] * 6)]
    p.csv("data/走访台账.csv", ["日期", "企业", "事项", "处理结果"], walk)
    issues = []
    for i, d in enumerate(p.dates(20)):
        done = i != 7
        firm, topic = p.rng.choice(firms), p.rng.choice(["员工子女入学", "用电增容", "停车难", "技能评价", "劳动纠纷咨询"])
        route = p.rng.choice(ROUTES)
        days = p.rng.randint(1, 5)
        issues.append(issue_row(d, firm, topic, route, "已办结" if done else "办理中",
                                "已电话回访，企业满意" if done else "已反馈阶段进展", days, answered=True))
    p.csv("data/问题台账.csv", ISSUE_HEADER, issues)

    # D1
    p.doc("D/D1.2/2025-05-20 非公企业产改实施方案参考本推广培训材料.docx", article(
        "《非公企业产业工人队伍建设改革实施方案（参考本）》解读", ["参考本分为总体要求、思想引领、技能提升、权益保障、组织保障五部分，企业可结合实际增减。",
                                                 "社区产改专员一对一指导企业制定本企业产改方案，并报社区备案。"], "灵峰工业社区工会联合会 2025年5月"))
    # D2
    p.doc("D/D2.1/2025-02-20 工匠学堂2025年课程表.docx", table_doc(
        "灵峰工匠学堂2025年课程表", "每月至少开课一次，地点：党群服务中心二楼工匠学堂教室。", ["月份", "课程", "讲师"],
        [[f"{m}月", c, "讲师团"] for m, c in zip(range(1, 13), ["模具识图", "数控编程", "压铸工艺", "钳工技能", "质量管理", "安全生产",
                                                           "模具设计软件", "精密测量", "班组长管理", "工匠精神", "新材料应用", "考证辅导"])]))
    lect = [[p.person(), u, k] for u, k in [("宁波恒锐模具有限公司", "企业高层"), ("宁波鑫达压铸模具有限公司", "企业高层"), ("宁波德力精密机械有限公司", "企业高层"),
                                             ("北仑区劳模工作室", "劳模工匠"), ("宁波金盛模具有限公司", "劳模工匠"), ("宁波立拓五金制品有限公司", "劳模工匠"),
                                             ("宁波职业技术学院", "高校讲师"), ("宁波大学机械学院", "高校讲师"), ("宁波工程学院", "高校讲师")]]
    p.csv("data/讲师团.csv", ["姓名", "单位", "类别"], lect)
    for r in lect[:5]:
        p.scan(f"D/D2.2/2025-02-20 讲师聘书-{r[0]}.jpg", "letter")
    school = [[d, c, p.rng.choice(lect)[0], p.rng.randint(25, 60)] for d, c in zip(
        [f"2025-{m:02d}-{p.rng.randint(8, 26):02d}" for m in (1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10, 11, 11, 12, 12)],
        ["模具识图", "数控编程", "压铸工艺", "压铸工艺（二）", "钳工技能", "质量管理", "安全生产", "模具设计软件", "精密测量", "班组长管理",
         "工匠精神", "新材料应用", "考证辅导", "考证辅导（二）", "年终技能复盘", "青年技工沙龙"])]
    p.xlsx("data/工匠学堂台账.xlsx", ["日期", "课程", "讲师", "参训人数"], school)
    train = [[r[0], f"工匠学堂：{r[1]}", r[3]] for r in school]
    extra = 1025 - sum(r[2] for r in train)
    assert extra > 200, extra
    train += [["2025-06-12", "安全生产全员培训", extra - 95], ["2025-10-22", "消防演练", 95]]
    p.book("data/培训台账.xls", ["日期", "培训名称", "参训人次"], [[typed_date(r[0], k)] + r[1:] for k, r in enumerate(train)],
           title="灵峰工业社区2025年度职工培训台账", keeper="填报单位：灵峰工业社区工会联合会", total="参训人次",
           footer=(f"制表人：{names[3]}　　审核人：{names[0]}", "填表日期：2026年1月5日"))
    p.doc("D/D2.4/2024-11-20 模具工程师自主评价项目备案表.pdf", table_doc(
        "企业技能等级自主评价项目备案表", "备案单位：灵峰工业社区（园区自评）。", ["评价项目", "等级", "备案机关"],
        [["车工+钳工", "初级工—高级工", "北仑区人力社保局"], ["模具工程师", "助理—高级", "北仑区人力社保局"]], "备案号：北人社评备〔2024〕17号"))
    cert = [[p.person(), p.rng.choice(firms[:15]), proj, lvl, d] for d, (proj, lvl) in zip(
        p.dates(14, months=range(4, 12)), [("车工+钳工", "中级工"), ("车工+钳工", "高级工"), ("模具工程师", "助理模具工程师"), ("模具工程师", "模具工程师")] * 4)]
    p.csv("data/自主评价名单.csv", ["姓名", "企业", "评价项目", "等级", "认定日期"], cert)
    p.doc("D/D2.5/2023-03-01 学生准工工匠大师成长体系评定办法.docx", notice(
        "灵峰工业社区“学生—准工—工匠—大师”成长体系评定办法", "", ["学生：在读职业院校学生；准工：入职满一年并取得初级工证书；工匠：取得高级工或模具工程师认定；大师：市级以上技能大师或劳模。"],
        UNION, "2023-03-01"))
    tiers = [[p.person(), p.rng.choice(firms), t, p.date()] for t in ["学生"] * 6 + ["准工"] * 8 + ["工匠"] * 6 + ["大师"] * 2]
    p.csv("data/成长体系名册.csv", ["姓名", "企业", "层级", "评定日期"], tiers)
    # D3
    p.doc("D/D3.1/2025-05-08 模具钳工技能竞赛方案.docx", notice("灵峰工业社区2025年模具钳工技能竞赛方案", "",
                                                         ["竞赛分理论和实操两部分，前三名推荐参加区级竞赛。"], UNION, "2025-05-08"))
    p.doc("D/D3.1/2025-06-20 模具钳工技能竞赛获奖名单.pdf", table_doc("2025年模具钳工技能竞赛获奖名单", "", ["名次", "姓名", "企业"],
                                                              [[k, p.person(), p.rng.choice(firms)] for k in ["一等奖", "二等奖", "二等奖", "三等奖"]], UNION))
    p.csv("data/竞赛台账.csv", ["日期", "竞赛名称", "工种", "参赛人数"], [
        ["2025-04-25", "压铸工技能比武", "压铸工", 32], ["2025-06-20", "模具钳工技能竞赛", "钳工", 45], ["2025-09-18", "数控车工技能竞赛", "车工", 38],
        ["2025-11-06", "质量改善成果发布赛", "质检员", 26], ["2025-12-10", "安全生产知识竞赛", "全工种", 80],
        ["2025-03-14", "叉车技能比武", "叉车工", 20], ["2025-03-28", "电工技能比武", "电工", 24], ["2025-04-11", "焊工技能竞赛", "焊工", 28],
        ["2025-05-23", "数控铣工技能竞赛", "铣工", 22], ["2025-07-11", "模具设计大赛", "模具设计", 18], ["2025-08-08", "质量知识竞赛", "质检员", 40],
        ["2025-08-29", "压铸模具装配比武", "模具钳工", 16], ["2025-10-17", "消防技能比武", "全工种", 36], ["2025-11-21", "青工五小创新赛", "全工种", 30]])
    props = [[d, p.rng.choice(firms[:15]), p.person(), c, "是" if i % 3 == 0 else "否"] for i, (d, c) in enumerate(zip(p.dates(30), [
        "模具冷却水路优化", "压铸件去毛刺工装", "换模快换夹具", "废料回收分类", "刀具寿命管理"] * 6))]
    p.csv("data/合理化建议台账.csv", ["提交日期", "企业", "提案人", "提案内容", "是否采纳"], props)
    p.doc("D/D3.3/2023-05-16 劳模创新工作室命名文件.pdf", notice("关于命名北仑区第五批劳模（工匠）创新工作室的决定", "仑工〔2023〕15号",
                                                          ["命名宁波恒锐模具有限公司“精密模具劳模创新工作室”等8家为第五批区级劳模（工匠）创新工作室。"], "宁波市北仑区总工会", "2023-05-16"))
    p.photo("D/D3.3/精密模具劳模创新工作室牌匾.jpg", "2023-06-01 10:10", "plaque")
    quals = [[p.person(), p.rng.choice(firms), k, nm, d] for d, (k, nm) in zip(p.dates(36), [
        ("证书", "模具工（中级）"), ("证书", "车工（高级）"), ("学历", "大专（成人教育）"), ("证书", "电工（初级）"), ("证书", "焊工（中级）"), ("学历", "本科（开放大学）")] * 6)]
    p.xlsx("data/学历证书提升名册.xlsx", ["姓名", "企业", "类别", "名称", "取得日期"], quals)

    # E
    p.doc("E/E1.2/2024-04-18 灵峰工业社区模具行业集体合同.pdf", notice("灵峰工业社区模具行业工资专项集体合同", "",
                                                               ["经区域职工代表和企业代表协商，2024—2026年度模具行业一线职工工资年增幅不低于5%，最低工资标准上浮10%。"],
                                                               "灵峰工业社区模具行业工会联合会、灵峰模具行业协会", "2024-04-18"))
    p.scan("E/E1.2/2024-05-06 集体合同备案回执.jpg", "letter")
    med = [[d, p.rng.choice(firms), e, "已办结", r] for d, (e, r) in zip(p.dates(12), [
        ("拖欠加班费", "调解成功，企业补发"), ("解除劳动合同补偿", "调解成功"), ("工伤待遇", "引导申请工伤认定"), ("社保缴纳", "企业补缴")] * 3)]
    p.csv("data/调解台账.csv", ["受理日期", "当事企业", "事由", "状态", "结果"], med)
    p.doc("E/E2.1/2025-07-07 小候鸟暑期班开班通知.pdf", notice("关于开办2025年“小候鸟”暑期班的通知", "",
                                                        ["7月14日至8月15日在党群服务中心开办“小候鸟”暑期班，招收在灵峰工业社区企业工作的职工子女（6—12岁）。"], UNION, "2025-07-07", "各企业工会"))
    p.photo("E/E2.1/" + phone_name("2025-07-14 09:05", "huawei"), "2025-07-14 09:05", "class")
    p.photo("E/E2.1/" + phone_name("2025-07-22 14:30", "wechat"), "2025-07-22 14:30", "class", exif=False)
    p.photo("E/E2.1/DSC_0806.jpg", "2025-08-06 10:12", "class")
    kids = [[p.person(), p.rng.randint(6, 12), p.person(), p.rng.choice(firms), p.date(months=[6, 7])] for _ in range(25)]
    p.csv("data/小候鸟名册.csv", ["姓名", "年龄", "家长", "家长单位", "报名日期"], kids)
    p.photo("E/E2.2/2022-09-01 模具青工之家挂牌.jpg", "2022-09-01 09:00", "plaque")
    p.doc("E/E2.2/2022-09-01 模具青工之家服务制度.docx", notice("模具青工之家服务制度", "", ["青工之家每周开放六天，提供技能交流、婚恋交友、心理疏导、法律咨询服务。"], UNION, "2022-09-01"))
    home = [[f"2025-{m:02d}-{p.rng.randint(3, 27):02d}", "青年技工", s] for m, s in zip(range(1, 13), [
        "新春联谊", "技能交流", "心理疏导讲座", "青年读书会", "篮球友谊赛", "婚恋交友活动", "防暑降温送清凉", "法律咨询", "技能交流", "中秋联谊", "消防体验", "年终联欢"])]
    p.csv("data/群体之家服务台账.csv", ["日期", "服务对象", "服务内容"], home)
    orgs = [[o, f, m, d] for o, f, m, d in [("红领之家青年服务社", "青年职工社会融入", "引入", "2021-05-10"), ("灵峰志愿者协会", "志愿服务", "培育", "2020-03-01"),
                                            ("模具青工读书会", "职工阅读", "培育", "2022-04-23"), ("小港心理健康服务中心", "心理疏导", "引入", "2023-02-15"),
                                            ("灵峰法律援助工作站", "法律服务", "引入", "2021-09-01"), ("候鸟守护社工站", "职工子女托管", "培育", "2022-06-20"),
                                            ("灵峰文体协会", "职工文体", "培育", "2023-08-08"), ("北仑健康促进会", "健康义诊", "引入", "2024-03-12")]]
    p.csv("data/公益组织名册.csv", ["组织名称", "服务领域", "方式", "入驻日期"], orgs)
    p.doc("E/E3.2/2025-02-15 工匠惠客厅青年职工社会融入项目方案.docx", notice("“工匠惠客厅”青年职工社会融入项目方案", "",
                                                                        ["项目与公益组织“红领之家”合作，面向青年技工开展技能沙龙、城市融入、心理关爱三类活动，全年不少于20场。"], UNION, "2025-02-15"))
    p.doc("E/E3.2/工匠惠客厅项目总结.docx", article("“工匠惠客厅”项目总结", ["全年开展活动22场，服务青年职工1300余人次。"], "灵峰工业社区工会联合会"))
    aid = [[p.person(), p.rng.choice(firms), k, m, "是", p.date()] for k, m in [("大病", "送温暖慰问金5000元"), ("子女就学", "金秋助学3000元"), ("单亲", "慰问品和就业帮扶"),
                                                                             ("因灾", "临时救助3000元"), ("大病", "医疗互助理赔")] * 2]
    p.csv("data/困难职工帮扶名册.csv", ["姓名", "企业", "困难类型", "帮扶措施", "已帮扶", "帮扶日期"], aid)

    # F
    p.xlsx("data/标准清单分工.xlsx", ["条目", "三级标准", "责任岗位", "责任人"],
           [[i, t, staff_posts[k % 8], names[k % 8]] for k, (i, t, _) in enumerate(ITEMS)])
    idx = []
    for k in range(20):
        a = p.date()
        gap = [3, 5, 7, 10, 12, 14, 20, 25, 28, 30, 2, 8, 15, 18, 22, 45, 38, 60, 33, 41][k]
        y, m, d = map(int, a.split("-"))
        b = (_dt.date(y, m, d) + _dt.timedelta(days=gap)).isoformat()
        idx.append([ITEMS[k * 2][0], f"{ITEMS[k * 2][0]}材料{k + 1}", a, b, gap])
    p.csv("data/台账目录.csv", ["条目", "文件", "活动日期", "归档日期", "归档天数"], idx)
    p.xlsx("F/F1.3/2025-06-26 年中自查表.xlsx", ["条目", "三级标准", "自查情况"], [[i, t, "按计划推进"] for i, t, _ in ITEMS])
    plan = {"A2.3": "unmet", "D2.3": "partial", "E3.2": "partial", "F1.2": "partial"}
    p.csv("data/对账复盘.csv", ["条目", "状态", "说明"], reconciliation(p, plan))
    p.doc("F/F1.4/2025-12-26 年底标准清单对账复盘报告.docx", article("灵峰工业社区2025年标准清单对账复盘报告", [
        "对照灵峰标准55项三级标准逐项对账：已完成51项，部分完成3项，未完成1项。", "年度重点工作计划印发晚于3月底、培训人次未达2000、公益项目总结未注明日期、部分台账归档超过30天，已列入2026年整改清单。"],
        "灵峰工业社区产改工作领导小组办公室"))
    p.doc("F/F2.1/2025-06-27 上半年工会工作述职报告.docx", article("灵峰工业社区2025年上半年工会工作述职报告", ["上半年完成任务清单9项，产改覆盖率93%。"], f"述职人：{chair}"))
    p.doc("F/F2.1/2025-12-18 下半年工会工作述职报告.docx", article("灵峰工业社区2025年下半年工会工作述职报告", ["全年完成任务清单13项，1项延续至2026年。"], f"述职人：{chair}"))
    p.doc("F/F2.1/2025-06-27 区总工会听取工业社区工作汇报会议纪要.pdf", minutes("区总工会听取工业社区工会工作汇报会议纪要", "2025-06-27", "区总工会会议室", "区总工会副主席",
                                                                    ["区总工会组织部", "各工业社区工会主席"], ["灵峰工业社区作上半年工作汇报，区总工会予以点评。"], "区总工会组织部"))
    p.doc("F/F2.1/2025-12-18 区总工会听取工业社区工作汇报会议纪要.pdf", minutes("区总工会听取工业社区工会工作汇报会议纪要", "2025-12-18", "区总工会会议室", "区总工会副主席",
                                                                    ["区总工会组织部", "各工业社区工会主席"], ["灵峰工业社区作全年工作汇报。"], "区总工会组织部"))
    p.doc("F/F2.2/2025-12-22 三定一统筹考核评分表.pdf", table_doc("2025年工业社区“三定一统筹”考核评分表（灵峰）", "考核单位：北仑区总工会",
                                                          ["项目", "分值", "得分"], [["定岗位职责", 12, 12], ["定目标考核", 13, 13], ["定工作保障", 13, 12], ["统筹人员使用", 12, 12], ["合计", 50, 49]],
                                                          "考核等次：优秀"))
    p.csv("data/整改清单.csv", ["条目", "问题", "责任人", "整改时限", "状态"], [
        [i, q, p.rng.choice(names), t, "已销号"] for i, q, t in [("B1.2", "发展党员中产业工人比例偏低", "2025-06-30"), ("C3.4", "问题台账反馈情况记录不全", "2025-03-31"),
                                                            ("D2.3", "培训人次未达标", "2025-12-31"), ("E1.1", "小微企业入会率偏低", "2025-09-30"),
                                                            ("F1.2", "台账归档不及时", "2025-06-30"), ("F2.4", "信息报送数量不足", "2025-12-31")]])
    news = [[d, t, "北仑区总工会", a] for d, t, a in [("2025-03-18", "灵峰工业社区任务清单化推进产改", "是"), ("2025-05-22", "工匠学堂开进模具车间", "是"),
                                                    ("2025-07-30", "“小候鸟”暑期班开班", "否"), ("2025-09-12", "模具钳工技能竞赛落幕", "是"),
                                                    ("2025-11-05", "“车工+钳工”自主评价再添新工匠", "否"), ("2025-12-29", "灵峰标准年底对账复盘", "是")]]
    p.csv("data/信息报送台账.csv", ["报送日期", "标题", "报送单位", "是否采用"], news)
    p.doc("F/F2.4/2025-05-22 工匠学堂开进模具车间.docx", article("工匠学堂开进模具车间", [
        "灵峰工业社区把产改工作落到车间，工匠学堂今年已开课5堂，青年技工在家门口学技能。"], "灵峰工业社区 供稿"))
    p.doc("F/F2.4/2025-12-29 灵峰标准年底对账复盘经验总结.docx", article("以标准化推动产改落地——灵峰工业社区经验总结", [
        "灵峰工业社区以55项三级标准为抓手推进产改，年初分解到岗、年中自查、年底对账复盘，做到“以制促治”。"], "灵峰工业社区 供稿"))

    # E2.3: housing, medical and culture supply — its own evidence, not the C2.2 service ledger (no rng: the rest stays as it was)
    p.doc("E/E2.3/2025-03-18 灵峰人才公寓租赁协议.pdf", notice("灵峰工业社区人才公寓租赁协议", "",
                                                      ["社区统筹灵峰人才公寓120套，面向辖区企业青年技工和引进人才，租金按市场价七折。"], UNION + "、宁波灵峰置业有限公司", "2025-03-18"))
    p.doc("E/E2.3/2025-04-02 就医绿色通道合作协议.pdf", notice("职工就医绿色通道合作协议", "",
                                                     ["区第二人民医院为灵峰工业社区企业职工开设预约挂号、优先检查的绿色通道，每季度进社区义诊一次。"], UNION + "、北仑区第二人民医院", "2025-04-02"))
    p.csv("data/文体活动台账.csv", ["日期", "活动名称", "参加人数"],
          [["2025-02-12", "元宵猜灯谜", 120], ["2025-05-01", "劳动节职工趣味运动会", 260], ["2025-07-19", "青工篮球联赛", 96],
           ["2025-09-27", "中秋文艺晚会", 310], ["2025-11-15", "职工乒乓球赛", 64]])
    p.text("data/indicators.yaml", indicators(
        service_center_area_m2=620, open_days_per_week=6, full_time_staff=8, funds_budget_yuan=180000, funds_spent_yuan=165430,
        above_scale_firms=15, above_scale_covered=14, above_scale_coverage=0.93, proposals_submitted=268, proposals_adopted=86,
        membership_rate=0.92, union_founding_rate=0.9, sanding_grade="优秀"))
    return p


# --------------------------------------------------------------------------------------------
# 2. 大港工业社区 — typical, 合格


def dagang() -> Pack:
    p = Pack("dagang-2025", 2202)
    C, UNION, PARTY = "大港工业社区", "大港工业社区工会联合会", "中共大港工业社区委员会"
    grids = ["大港一网格", "大港二网格", "大港三网格", "大港四网格"]
    staff_posts = ["社区党委书记", "工会联合会主席", "党建专员", "企服专员", "产改专员", "法律服务专员", "综合文员"]
    staff = staff_table(p, staff_posts)
    names = [r[0] for r in staff]
    sec, chair = names[0], names[1]

    p.text("pack.yaml", f"""community: {C}
period: 2025
standard: {{id: lingfeng-2021, version: "2021.1"}}
preparer: {UNION} {names[6]}
plan: data/任务清单.csv
not_applicable:
  - item: E2.2
    reason: 大港工业社区以汽配、电子企业为主，辖区无集卡司机、快递骑手等特定群体集中居住或停靠点，新就业形态劳动者服务由新碶街道“暖新驿站”统一承担
""")
    p.text("review.yaml", f"""attestations:
  - item: A2.1
    by: 区总工会组织部 王敏
    role: 区总工会
    date: 2025-12-19
    verdict: met
    comment: 《大港工业社区产改实施方案（2023—2025年）》为三年方案，2025年仍在有效期内
  - item: F1.4
    by: 区总工会组织部 王敏
    role: 区总工会
    date: 2026-01-14
    verdict: met
    comment: 已逐项复核对账复盘表；对账状态中“基本完成”不是规范取值，请按已完成/部分完成/未完成/不适用填写
rescores:
  - item: A1.1
    score: 1.5
    by: 区总工会组织部 王敏
    date: 2026-01-14
    comment: 领导小组成员名单仍为 2024 年调整后的名单，未随 2025 年人事变动更新，扣 0.5 分
  - item: A2.4
    score: 0.75
    by: 区总工会组织部 王敏
    date: 2026-01-14
    comment: 培训会台账缺少签到表，扣 0.5 分
  - item: B2.1
    score: 1.5
    by: 区总工会宣传教育部 陈立
    date: 2026-01-15
    comment: 第三季度宣讲会只有照片，无签到表，扣 0.25 分
  - item: D1.1
    score: 2.5
    by: 区总工会经济技术部 周航
    date: 2026-01-15
    comment: 现场核实另有 3 家规上企业已于 2025 年 12 月完成产改备案，覆盖率按 0.8 计，加 0.5 分
  - item: F2.4
    score: 1
    by: 区总工会组织部 王敏
    date: 2026-01-14
    comment: 报送信息 2 篇中仅 1 篇被区总工会采用，按 1 分计
""")
    p.doc("A/A1.1/2024-03-05 关于调整产改工作领导小组成员的通知.pdf", notice(
        "关于调整大港工业社区产改工作领导小组成员的通知", "港社党〔2024〕4号",
        [f"经研究，调整大港工业社区产改工作领导小组：组长{sec}，副组长{chair}，成员为社区各专员和重点企业工会主席。"], PARTY, "2024-03-05"))
    p.csv("data/领导小组成员.csv", ["姓名", "单位职务", "小组职务"],
          [[sec, "社区党委书记", "组长"], [chair, "社区工会联合会主席", "副组长"]] + [[n, pst, "成员"] for n, pst in zip(names[2:6], staff_posts[2:6])]
          + [[p.person(), "宁波信达汽配有限公司工会主席", "成员"]])
    p.doc("A/A1.2/2022-06-01 党建引领协同推进工作机制.pdf", notice("大港工业社区“党建引领、协同推进”工作机制", "",
                                                           ["党组织和工会组织每半年召开一次联席会议，共同研究产改工作。"], PARTY, "2022-06-01"))
    p.doc("A/A1.2/2024-11-20 党工联席会议纪要.docx", minutes("大港工业社区党工联席会议纪要", "2024-11-20", "党群服务中心会议室", sec, names[:5],
                                                       ["研究2025年产改工作思路。"], names[6]))
    p.doc("A/A1.2/2025年5月22日党工联席会议纪要.docx", minutes("大港工业社区党工联席会议纪要", "2025-05-22", "党群服务中心会议室", sec, names[:5],
                                                       ["听取一季度产改任务推进情况，研究小候鸟暑期班筹备。"], names[6]))
    p.doc("A/A2.1/2023-03-15 大港工业社区产改实施方案（2023—2025年）.pdf", notice(
        "大港工业社区产业工人队伍建设改革实施方案（2023—2025年）", "港社党〔2023〕7号",
        ["到2025年，规上企业产改覆盖率达到90%，建成“法管家”法律服务品牌，工匠学堂每年开课12堂以上。"], PARTY, "2023-03-15"))
    p.doc("A/A2.3/2025-03-28 大港工业社区2025年产改重点工作计划.docx", notice("大港工业社区2025年产改重点工作计划", "",
                                                                         ["2025年重点做好法管家品牌提升、工匠学堂、企业走访三项工作。"], UNION, "2025-03-28"))
    p.doc("A/A2.4/2025-06-10 产改推进会纪要.docx", minutes("大港工业社区产改推进会纪要", "2025-06-10", "党群服务中心", sec, names[:4] + ["企业工会主席18人"],
                                                     ["部署下半年产改任务。"], names[6]))
    p.doc("A/A2.4/2025-06-10 推进会签到表.pdf", table_doc("产改推进会签到表", "2025年6月10日", ["序号", "单位", "姓名"],
                                                    [[i + 1, f"企业{i + 1}", p.person()] for i in range(12)]))
    p.photo("A/A2.4/" + phone_name("2025-06-10 14:08", "oppo"), "2025-06-10 14:08")
    tasks = [[t, i, p.rng.choice(names[1:6]), f"2025-{p.rng.randint(3, 12):02d}-{p.rng.choice([15, 30]):02d}", s]
             for (t, i), s in zip(TASKS[:12], ["已完成"] * 7 + ["进行中"] * 3 + ["未开始"] * 2)]
    p.csv("data/任务清单.csv", ["任务", "条目", "责任人", "完成时限", "状态"], tasks)
    p.csv("data/专职工作者名册.csv", ["姓名", "岗位", "入职日期", "联系电话"], staff)
    # the chair signed; the 产改 and legal-service posts have no letter this year
    p.csv("data/工会岗位台账.csv", UNION_HEADER, union_posts(staff, signed=set(names[:3])))
    for n in names[:3]:
        p.scan(f"A/A3.2/2025-03-03 目标责任书-{n}.jpg", "letter")
    p.doc("A/A3.3/2025-01-20 2025年工会经费预算.pdf", table_doc("大港工业社区工会联合会2025年经费预算", "", ["科目", "金额（元）"],
                                                        [["职工教育", 40000], ["维权帮扶", 35000], ["文体活动", 25000], ["其他", 20000], ["合计", 120000]]))
    p.book("data/经费台账.et", ["日期", "事项", "金额", "经办人"], ledger_rows(p, 11, 98650, FUND_ITEMS, [names[6]]),
           title="大港工业社区工会2025年经费使用台账", keeper="单位：元", total="金额",
           footer=(f"制表人：{names[6]}　　审核人：{names[0]}",))
    p.csv("data/AB岗表.csv", ["岗位", "A岗", "B岗"], [[pst, n, names[(i + 2) % 7]] for i, (n, pst, *_) in enumerate(staff)])

    n = 32
    firms = firm_names(p.rng, n, ["汽车零部件", "电子", "机械", "新材料", "电器", "塑料制品", "轴承"])
    reg = register(p, firms, grids, big=flags(n, range(0, 8)), own_party=flags(n, range(0, 7)), above=flags(n, range(0, 12)),
                   covered=flags(n, list(range(0, 9)) + list(range(12, 19))), plan=flags(n, list(range(0, 6)) + list(range(12, 16))),
                   union=flags(n, range(0, 25)), contract=flags(n, range(0, 20)), joined=flags(n, range(0, 24)))
    p.csv("data/企业名册.csv", REGISTER_HEADER, reg)
    p.csv("data/发展党员名册.csv", ["姓名", "发展日期", "所在企业", "是否产业工人"],
          [[p.person(), d, p.rng.choice(firms), "是" if i < 3 else "否"] for i, d in enumerate(p.dates(5))])
    p.csv("data/小微园平台.csv", ["园区楼宇", "平台名称", "已建平台"], [["大港小微企业园", "大港小微园党群服务站", "是"], ["新碶科创大厦", "楼宇党建服务点", "是"]])
    p.photo("B/B1.3/2025-04-02 小微园党群服务站.jpg", "2025-04-02 10:30", "outdoor")
    talks = [["2025-03-27", "产改政策进企业", "区总工会宣讲团", 56], ["2025-06-18", "集体协商知多少", names[5], 42],
             ["2025-09-24", "工匠精神与青年成长", "区级工匠", 38], ["2025-11-26", "产改政策问答", names[4], 47]]
    p.csv("data/宣讲会台账.csv", ["日期", "主题", "宣讲人", "参加人数"], talks)
    for d, *_ in talks[:3]:
        p.scan(f"B/B2.1/{d} 宣讲会签到表.jpg")
    p.doc("B/B2.2/2025-05-30 五月创意之星名单.pdf", table_doc("大港工业社区五月“创意之星”名单", "", ["姓名", "企业"], [[p.person(), p.rng.choice(firms)] for _ in range(3)]))
    p.doc("B/B2.2/2025-10-31 十月创意之星名单.pdf", table_doc("大港工业社区十月“创意之星”名单", "", ["姓名", "企业"], [[p.person(), p.rng.choice(firms)] for _ in range(3)]))
    squad = [[p.person(), u, r] for u, r in [("区人力社保局", "科员"), ("新碶街道经发办", "副主任"), ("区司法局", "律师服务团律师"), ("区总工会", "干事")]]
    p.csv("data/小分队成员.csv", ["姓名", "单位", "职务"], squad)
    p.csv("data/小分队下沉台账.csv", ["日期", "企业", "服务内容", "参加人员"],
          [[d, p.rng.choice(firms), s, squad[k % 4][0]] for k, (d, s) in enumerate(zip(["2025-02-26", "2025-05-14", "2025-08-07", "2025-11-12"],
                                                                                     ["用工政策对接", "劳动合同体检", "稳岗补贴申领辅导", "法律风险排查"]))])
    for d, u in [("2023-05-12", "新碶派出所"), ("2024-03-20", "北仑区第二人民医院")]:
        p.scan(f"B/B3.2/{d} 共建协议-{u}.jpg", "letter")
    p.csv("data/共建活动台账.csv", ["日期", "共建单位", "活动内容"],
          [["2024-12-18", "浙江海港律师事务所", "年终法律讲座"], ["2025-04-16", "新碶派出所", "反诈宣传进园区"], ["2025-09-10", "北仑区第二人民医院", "职工义诊"],
           ["2025-11-20", "新碶派出所", "平安园区巡查"]])
    p.doc("C/C1.1/2022-08-15 党群服务中心平面图.pdf", table_doc("大港工业社区党群服务中心平面图", "建筑面积560平方米。", ["区域", "面积（m²）"],
                                                         [["标准服务大厅", 160], ["职工活动室", 120], ["法管家工作室", 60], ["会议室", 100], ["工匠学堂教室", 120]]))
    p.photo("C/C1.2/2025-03-05 标准服务大厅.jpg", "2025-03-05 09:20", "room")
    p.photo("C/C1.2/2025-03-05 职工活动室.jpg", "2025-03-05 09:31", "room")
    p.doc("C/C2.1/锋领企服十条.pdf", table_doc("锋领企服十条", "大港工业社区公示", ["序号", "服务"], [[k, s] for k, s in enumerate(
        ["政策宣讲", "人才招引", "子女入学", "融资对接", "法律服务", "技能培训", "用工保障", "安全生产", "知识产权", "纾困解难"], 1)]))
    p.csv("data/企服服务台账.csv", ["日期", "企业", "条目编号", "服务内容"],
          [[d, p.rng.choice(firms), k, s] for d, (k, s) in zip(p.dates(14), [(1, "政策宣讲"), (2, "招聘会"), (3, "子女入学"), (5, "法管家体检"), (6, "技能培训"),
                                                                             (7, "稳岗补贴"), (8, "安全培训")] * 2)])
    p.csv("data/公共服务台账.csv", ["日期", "服务类别", "服务对象", "服务内容"],
          [[d, k, "职工", c] for d, (k, c) in zip(p.dates(14), [("就业", "招聘会"), ("创业", "创业担保贷款咨询"), ("劳动保障", "社保咨询"), ("提升发展", "学历提升报名"),
                                                             ("住房", "公租房申请"), ("教育", "子女入学"), ("文体", "职工运动会")] * 2)])
    p.scan("C/C3.1/2025-03-12 网格划分图.png", "form")
    p.csv("data/工作群.csv", ["群名称", "群类型", "成员数"], [["大港企业家群", "企业家群", 31], ["大港党员先锋群", "党员群", 96], ["大港HR群", "HR群", 35]])
    p.shot("C/C3.2/2025-04-09 企业家群截图.png")
    p.shot("C/C3.2/2025-09-15 HR群截图.png")
    walk = [[d, p.rng.choice(firms[:12]), e, r] for d, (e, r) in zip(p.dates(16), [
        ("走访：订单下滑，用工波动", "推送稳岗政策"), ("职工说事：宿舍热水", "协调物业维修"), ("锋领答疑：社保基数", "现场答疑"), ("走访：招工", "推荐参加招聘会")] * 4)]
    p.csv("data/走访台账.csv", ["日期", "企业", "事项", "处理结果"], walk, encoding="gbk", crlf=True)
    issues = []
    for i, d in enumerate(p.dates(20)):
        done = i not in (3, 9, 15)
        fast = i not in (2, 6, 11, 17)
        firm, topic = p.rng.choice(firms), p.rng.choice(["停车难", "员工子女入学", "欠薪投诉", "用电增容", "道路积水"])
        route = p.rng.choice([ROUTES[0], ROUTES[2]])
        days = p.rng.randint(1, 5) if fast else p.rng.randint(7, 15)
        # the escalated problems still waiting for the alliance: nobody has reported in yet
        issues.append(issue_row(d, firm, topic, route, "已办结" if done else "办理中", "已回访" if done else "已告知进展", days,
                                answered=fast))
    p.csv("data/问题台账.csv", ISSUE_HEADER, issues)
    p.doc("D/D1.2/2024-06-12 产改实施方案参考本推广通知.pdf", notice("关于推广《非公企业产改实施方案（参考本）》的通知", "",
                                                             ["请各企业参照参考本制定本企业产改方案，社区产改专员提供一对一指导。"], UNION, "2024-06-12", "各企业工会"))
    p.doc("D/D2.1/2025-02-25 工匠学堂课程表.docx", table_doc("大港工匠学堂2025年课程表", "", ["月份", "课程"], [[f"{m}月", c] for m, c in zip(
        [3, 4, 5, 6, 7, 9, 10, 11], ["汽车零部件质量控制", "电工安全", "数控加工", "PLC入门", "精益生产", "焊接工艺", "班组管理", "考证辅导"])]))
    lect = [[p.person(), "宁波信达汽配有限公司", "企业高层"], [p.person(), "北仑区劳模协会", "劳模工匠"], [p.person(), "宁波瑞丰电子有限公司", "企业高层"]]
    p.csv("data/讲师团.csv", ["姓名", "单位", "类别"], lect)
    school = [[d, c, p.rng.choice(lect)[0], p.rng.randint(20, 45)] for d, c in zip(
        ["2025-03-18", "2025-04-22", "2025-05-20", "2025-06-17", "2025-07-15", "2025-09-16", "2025-10-21", "2025-11-18"],
        ["汽车零部件质量控制", "电工安全", "数控加工", "PLC入门", "精益生产", "焊接工艺", "班组管理", "考证辅导"])]
    p.csv("data/工匠学堂台账.csv", ["日期", "课程", "讲师", "参训人数"], school)
    train = [[r[0], f"工匠学堂：{r[1]}", r[3]] for r in school]
    left = 1550 - sum(r[2] for r in train)
    train += [["2025-05-08", "企业安全生产全员培训", left - 420], ["2025-08-26", "职业病防治培训", 420]]
    p.csv("data/培训台账.csv", ["日期", "培训名称", "参训人次"], train, title="大港工业社区2025年职工培训台账",
          footer=(f"制表人：{names[5]}", "填表日期：2026年1月6日"))
    p.doc("D/D2.4/2024-09-10 焊工自主评价备案表.pdf", table_doc("企业技能等级自主评价备案表", "", ["企业", "评价工种", "等级"],
                                                        [["宁波信达汽配有限公司", "焊工", "初级—高级"]], "北仑区人力社保局备案"))
    p.csv("data/自主评价名单.csv", ["姓名", "企业", "评价项目", "等级", "认定日期"],
          [[p.person(), "宁波信达汽配有限公司", "焊工", "中级工", "2025-06-26"], [p.person(), "宁波信达汽配有限公司", "焊工", "高级工", "2025-06-26"]])
    p.doc("D/D3.1/2025-08-05 焊工技能竞赛方案.docx", notice("大港工业社区2025年焊工技能竞赛方案", "", ["竞赛设理论和实操，面向辖区汽配企业焊工。"], UNION, "2025-08-05"))
    p.csv("data/竞赛台账.csv", ["日期", "竞赛名称", "工种", "参赛人数"],
          [["2025-05-16", "电工技能比武", "电工", 24], ["2025-09-05", "焊工技能竞赛", "焊工", 30], ["2025-11-14", "叉车技能比武", "叉车工", 18]])
    p.csv("data/合理化建议台账.csv", ["提交日期", "企业", "提案人", "提案内容", "是否采纳"],
          [[d, p.rng.choice(firms), p.person(), c, a] for d, (c, a) in zip(p.dates(10), [("包装线节拍优化", "是"), ("废料分拣", "否"), ("夹具改进", "是"),
                                                                                        ("节能照明", "否"), ("物流路线优化", "是")] * 2)])
    p.xlsx("data/学历证书提升名册.xlsx", ["姓名", "企业", "类别", "名称", "取得日期"],
           [[p.person(), p.rng.choice(firms), k, nm, d] for d, (k, nm) in zip(p.dates(18), [("证书", "电工（中级）"), ("证书", "焊工（初级）"), ("学历", "大专（成人教育）")] * 6)])
    p.doc("E/E1.2/2023-09-20 大港工业社区区域性集体合同.pdf", notice("大港工业社区区域性集体合同", "", ["适用于辖区已建会企业，约定工资增长、劳动安全卫生、女职工权益等内容。"],
                                                              "大港工业社区工会联合会、大港企业联合会", "2023-09-20"))
    p.scan("E/E1.2/2023-10-08 集体合同备案回执.jpg", "letter")
    p.csv("data/调解台账.csv", ["受理日期", "当事企业", "事由", "状态", "结果"],
          [[d, p.rng.choice(firms), e, "已办结", "法管家调解成功"] for d, e in zip(p.dates(15), ["拖欠工资", "工伤赔偿", "经济补偿金", "加班费", "社保"] * 3)])
    p.csv("data/公益组织名册.csv", ["组织名称", "服务领域", "方式", "入驻日期"],
          [["法管家志愿服务队", "法律服务", "培育", "2019-05-01"], ["大港志愿者联合会", "志愿服务", "培育", "2020-06-01"], ["新碶社工服务社", "职工关爱", "引入", "2022-03-15"],
           ["北仑红十字救护队", "应急救护", "引入", "2023-05-08"], ["大港职工书友会", "职工阅读", "培育", "2024-04-23"]])
    p.doc("E/E3.2/2025-02-20 法管家品牌提升项目方案.docx", notice("“法管家”品牌提升项目方案", "", ["组建律师、调解员、工会干部三支队伍，为企业和职工提供法律体检、调解、普法服务。"],
                                                              UNION, "2025-02-20"))
    p.doc("E/E3.2/2025-12-10 法管家品牌提升项目总结.docx", article("“法管家”品牌提升项目总结", ["全年开展法律体检26家次，调解案件15件，普法讲座8场。"], UNION))
    p.csv("data/困难职工帮扶名册.csv", ["姓名", "企业", "困难类型", "帮扶措施", "已帮扶", "帮扶日期"],
          [[p.person(), p.rng.choice(firms), k, m, "否" if i == 5 else "是", "" if i == 5 else p.date()] for i, (k, m) in enumerate(
              [("大病", "慰问金"), ("子女就学", "助学金"), ("单亲", "就业帮扶"), ("大病", "医疗互助"), ("因灾", "临时救助"), ("大病", "待申报"), ("残疾", "岗位调整"),
               ("子女就学", "助学金")])])
    owners = [names[k % 7] for k in range(55)]
    for k in (12, 23, 31, 44, 50):
        owners[k] = ""
    p.csv("data/标准清单分工.csv", ["条目", "三级标准", "责任岗位", "责任人"], [[i, t, staff_posts[k % 7], owners[k]] for k, (i, t, _) in enumerate(ITEMS)])
    idx = []
    for k, gap in enumerate([5, 12, 20, 8, 30, 15, 45, 26, 9, 60, 18, 22]):
        a = p.date()
        b = (_dt.date(*map(int, a.split("-"))) + _dt.timedelta(days=gap)).isoformat()
        idx.append([ITEMS[k * 4][0], f"{ITEMS[k * 4][1]}材料", a, b, gap])
    p.csv("data/台账目录.csv", ["条目", "文件", "活动日期", "归档日期", "归档天数"], idx)
    p.xlsx("F/F1.3/2025-07-15 年中自查表.xlsx", ["条目", "三级标准", "自查情况"], [[i, t, "推进中"] for i, t, _ in ITEMS])
    plan = {k: "partial" for k in "A1.2 A2.4 A3.2 A3.4 B1.1 B2.1 B3.2 C1.2 C2.1 C2.2 C3.2 C3.4 D1.1 D1.2 D2.1 D2.2 D2.3 D3.1 D3.4 E1.1 E1.2 E2.3 E3.1 E3.3 F1.1 F1.2 F1.4 F2.1".split()}
    plan.update({k: "unmet" for k in "B2.3 D2.5 D3.3 E2.1 F1.3 F2.3".split()})
    plan["E2.2"] = "na"
    rec = reconciliation(p, plan)
    for r in rec:
        if r[0] in ("C2.1", "C2.2", "E2.3"):
            r[1] = "基本完成"
    p.csv("data/对账复盘.csv", ["条目", "状态", "说明"], rec)
    p.doc("F/F1.4/2026-01-08 2025年度对账复盘报告.docx", article("大港工业社区2025年度标准清单对账复盘报告", [
        "对照55项三级标准，已完成约一半，部分完成27项，未完成7项，E2.2不适用。", "主要短板：成长体系、创新工作室、小候鸟暑期班未开展，年中自查延迟。"], UNION))
    p.doc("F/F2.1/2025-06-30 上半年述职报告.docx", article("大港工业社区2025年上半年工会工作述职报告", ["上半年完成任务清单5项。"], f"述职人：{chair}"))
    p.doc("F/F2.1/2025-06-30 区总工会听取汇报会议纪要.pdf", minutes("区总工会听取工业社区工会工作汇报会议纪要", "2025-06-30", "区总工会会议室", "区总工会副主席",
                                                          ["区总工会组织部", "各工业社区工会主席"], ["大港工业社区作上半年工作汇报。"], "区总工会组织部"))
    p.doc("F/F2.1/2026-01-09 下半年述职报告.docx", article("大港工业社区2025年下半年工会工作述职报告", ["全年完成任务清单7项。"], f"述职人：{chair}"))
    p.doc("F/F2.1/2026-01-09 区总工会听取汇报会议纪要.pdf", minutes("区总工会听取工业社区工会工作汇报会议纪要", "2026-01-09", "区总工会会议室", "区总工会副主席",
                                                          ["区总工会组织部"], ["大港工业社区作下半年工作汇报（因故延至次年1月）。"], "区总工会组织部"))
    p.doc("F/F2.2/2025-12-22 三定一统筹考核评分表.pdf", table_doc("2025年工业社区“三定一统筹”考核评分表（大港）", "考核单位：北仑区总工会", ["项目", "分值", "得分"],
                                                          [["定岗位职责", 12, 11], ["定目标考核", 13, 8], ["定工作保障", 13, 12], ["统筹人员使用", 12, 9], ["合计", 50, 40]], "考核等次：合格"))
    p.doc("F/F2.4/2025-04-18 法管家护航中小企业产改.docx", article("“法管家”护航中小企业产改", ["大港工业社区把法律服务嵌入产改，为26家企业开展劳动用工法律体检。"], "大港工业社区 供稿"))
    p.doc("F/F2.4/2025-09-26 大港工匠学堂秋季开课.docx", article("大港工匠学堂秋季开课", ["工匠学堂是社区推进产改、提升职工技能的重要平台，秋季课程聚焦焊接和班组管理。"], "大港工业社区 供稿"))
    # E2.3: a staff-dormitory agreement and a culture ledger; no green channel with a hospital yet (no rng)
    p.doc("E/E2.3/2025-04-10 职工宿舍租赁协议.pdf", notice("大港工业社区职工宿舍统租协议", "",
                                                   ["社区统租大港新村职工宿舍60间，供辖区汽配企业一线职工入住。"], UNION, "2025-04-10"))
    p.csv("data/文体活动台账.csv", ["日期", "活动名称", "参加人数"],
          [["2025-04-26", "职工拔河比赛", 80], ["2025-06-14", "职工运动会", 150], ["2025-10-01", "国庆职工歌会", 90], ["2025-12-20", "迎新年长跑", 70]])
    p.text("data/indicators.yaml", indicators(
        service_center_area_m2=560, open_days_per_week=5, full_time_staff=7, funds_budget_yuan=120000, funds_spent_yuan=98650,
        above_scale_firms=12, above_scale_covered=9, above_scale_coverage=0.75, proposals_submitted=96, proposals_adopted=31,
        membership_rate=0.82, union_founding_rate=0.78, sanding_grade="合格"))
    return p


# --------------------------------------------------------------------------------------------
# 3. 霞浦物流工业社区 — problems, veto → 不合格


def xiapu() -> Pack:
    p = Pack("xiapu-2025", 2303)
    C, UNION, PARTY = "霞浦物流工业社区", "霞浦物流工业社区工会联合会", "中共霞浦物流工业社区委员会"
    grids = ["物流一网格", "物流二网格", "物流三网格"]
    staff_posts = ["社区党委书记", "工会联合会主席", "企服专员", "职工服务专员", "司机之家专员", "综合文员"]
    staff = staff_table(p, staff_posts, (2018, 2025))
    names = [r[0] for r in staff]
    sec, chair = names[0], names[1]

    p.text("pack.yaml", f"""community: {C}
period: 2025
standard: {{id: lingfeng-2021, version: "2021.1"}}
preparer: {UNION} {names[5]}
waivers:
  - item: D2.4
    reason: 辖区企业以集装箱运输、仓储为主，交通运输行业技能等级自主评价试点尚未开放，经区总工会同意暂缓
    approved_by: 北仑区总工会
    expires: 2027-06-30
  - item: B2.3
    reason: 2025年上半年党群服务中心改造，沙龙和知识竞赛暂停
    approved_by: 北仑区总工会
    expires: 2025-06-30
bonus:
  - id: typical-case
    note: 集卡司机之家入选全省新就业形态劳动者服务典型案例
    title: 全省新就业形态劳动者服务典型案例（集卡司机之家）
    awarded: 2025-10-20
    certificate: "bonus/2025-10-20 省总工会典型案例通知.pdf"
    evidence: ["bonus/2025-10-20 省总工会典型案例通知.pdf"]
  - id: honour-city
    note: 集卡司机之家获评2024年度宁波市模范职工之家
    title: 宁波市模范职工之家（集卡司机之家）
    awarded: 2024-12-18
    certificate: "bonus/2024-12-18 市级模范职工之家命名文件.pdf"
    evidence: ["bonus/2024-12-18 市级模范职工之家命名文件.pdf"]
""")
    p.text("review.yaml", f"""attestations:
  - item: A2.1
    by: 霞浦街道总工会 李娜
    role: 街道总工会
    date: 2025-12-15
    verdict: met
    comment: 街道层面认为2024年方案仍可沿用
  - item: F1.4
    by: 区总工会组织部 王敏
    role: 区总工会
    date: 2026-01-16
    verdict: unmet
    comment: 未提交55项对账复盘表，复盘报告未逐项对账
vetoes:
  - id: major-safety-accident
    note: 2025年8月23日辖区宁波某集装箱堆场发生集卡侧翻事故致1人死亡，区应急管理局调查认定社区安全生产网格巡查不到位，负有责任
""")
    p.doc("A/A1.1/2023-04-12 霞浦物流工业社区产改工作领导小组成立通知.pdf", notice(
        "关于成立霞浦物流工业社区产改工作领导小组的通知", "霞物社党〔2023〕2号", [f"成立产改工作领导小组，组长{sec}，副组长{chair}。"], PARTY, "2023-04-12"))
    p.book("data/领导小组成员.ods", ["姓名", "单位职务", "小组职务"],
           [[sec, "社区党委书记", "组长"], [chair, "工会联合会主席", "副组长"], [names[2], "企服专员", "成员"], [names[3], "职工服务专员", "成员"],
            [p.person(), "宁波港联集装箱运输有限公司工会主席", "成员"], [p.person(), "霞浦街道总工会干事", "成员"]],
           title="霞浦物流工业社区产改工作领导小组成员名单", footer=("霞浦物流工业社区党委　2025年1月",))
    p.doc("A/A1.2/2022-03-18 党建引领协同推进工作机制.pdf", notice("霞浦物流工业社区“党建引领、协同推进”工作机制（锋领物流党建联盟）", "",
                                                            ["依托“锋领物流”党建联盟，党组织与工会每季度召开联席会议。"], PARTY, "2022-03-18"))
    for d in ["2024-10-15", "2024-12-20"]:
        p.doc(f"A/A1.2/{d} 党工联席会议纪要.docx", minutes("霞浦物流工业社区党工联席会议纪要", d, "党群服务中心", sec, names[:4], ["研究集卡司机之家运营。"], names[5]))
    p.doc("A/A1.2/20250708党工联席会议纪要.docx", minutes("霞浦物流工业社区党工联席会议纪要", "2025-07-08", "党群服务中心", sec, names[:4], ["研究小候鸟暑期班。"], names[5]))
    p.doc("A/A2.1/2024-03-18 霞浦物流工业社区产改实施方案.docx", notice("霞浦物流工业社区产改实施方案", "", ["围绕集卡司机群体推进产改。"], PARTY, "2024-03-18"))
    p.doc("A/A2.3/2024-03-25 2024年度重点工作计划.docx", notice("霞浦物流工业社区2024年度重点工作计划", "", ["2024年重点：集卡司机之家提质、小候鸟假日学校。"], UNION, "2024-03-25"))
    p.doc("A/A2.4/2025-09-12 产改推进会纪要.docx", minutes("霞浦物流工业社区产改推进会纪要", "2025-09-12", "党群服务中心", sec, names[:4], ["部署四季度产改工作。"], names[5]))
    p.doc("A/A2.4/2024-11-06 产改培训会通知.pdf", notice("关于举办产改培训会的通知", "", ["11月8日举办物流企业产改培训会。"], UNION, "2024-11-06"))
    p.scan("A/A2.4/2025-09-12 推进会签到表.jpg")
    p.photo("A/A2.4/2025-09-12 推进会现场.jpg", "2024-09-12 15:02")
    tasks = [["集卡司机之家星级评价", "E2.2", names[4], "2025-06-30", "已完成"], ["小候鸟暑期班", "E2.1", names[3], "2025-08-31", "已完成"],
             ["企业走访全覆盖", "C3.3", "", "2025-12-31", "进行中"], ["产改宣讲进车队", "B2.1", names[2], "", "进行中"],
             ["年中自查", "F1.3", "", "2025-06-30", "未开始"], ["技能竞赛", "D3.1", names[2], "2025-10-31", "已完成"],
             ["困难司机帮扶", "E3.3", names[3], "2025-12-31", "进行中"], ["对账复盘", "F1.4", chair, "2025-12-31", "未开始"]]
    p.csv("data/任务清单.csv", ["任务", "条目", "责任人", "完成时限", "状态"], tasks)
    p.csv("data/专职工作者名册.csv", ["姓名", "岗位", "入职日期", "联系电话"], staff)
    # the letters are last year's (2024): none signed for 2025; the truck drivers' post has no duties written
    p.csv("data/工会岗位台账.csv", UNION_HEADER, union_posts(staff, signed=set(), no_duties={staff[4][0]}))
    for n in names[:5]:
        p.scan(f"A/A3.2/2024-02-26 目标责任书-{n}.jpg", "letter")
    p.doc("A/A3.3/2025-01-16 2025年经费预算.pdf", table_doc("霞浦物流工业社区工会2025年经费预算", "", ["科目", "金额（元）"],
                                                      [["司机之家运营", 30000], ["小候鸟暑期班", 25000], ["帮扶", 15000], ["其他", 10000], ["合计", 80000]]))
    p.csv("data/经费台账.csv", ["日期", "事项", "金额", "经办人"], ledger_rows(p, 12, 86420, ["司机驿站水电", "小候鸟暑期班餐费", "困难司机慰问", "星级司机表彰", "防暑降温"], [names[5]]))
    ab = [[pst, n, names[(i + 1) % 6]] for i, (n, pst, *_) in enumerate(staff)]
    ab[4][2] = ab[4][1]
    p.csv("data/AB岗表.csv", ["岗位", "A岗", "B岗"], ab)
    p.scan("A/A3.4/2025-01-03 党群服务中心值班表.png", "form")

    n = 25
    firms = firm_names(p.rng, n, ["集装箱运输", "国际物流", "供应链管理", "仓储", "国际货运代理", "汽车修理"])
    reg = register(p, firms, grids, big=flags(n, range(0, 6)), own_party=flags(n, range(0, 5)), above=flags(n, range(0, 10)),
                   covered=flags(n, list(range(0, 7)) + list(range(10, 15))), plan=flags(n, list(range(0, 4)) + list(range(10, 13))),
                   union=flags(n, range(0, 17)), contract=flags(n, range(0, 12)), joined=flags(n, range(0, 20)))
    p.book("data/企业名册.xls", REGISTER_HEADER, reg, title="霞浦物流工业社区企业底数台账", keeper="统计截至：2025年12月",
           footer=(f"制表人：{names[2]}　　审核人：{sec}",))
    p.raw["data/~$企业名册.xlsx"] = b"\x06" + "王芳".encode("utf-16-le").ljust(108, b"\x20") + b"\x00" * 53
    p.csv("data/发展党员名册.csv", ["姓名", "发展日期", "所在企业", "是否产业工人"],
          [[p.person(), "2024-06-28", firms[0], "是"], [p.person(), "2024-11-20", firms[1], "是"], [p.person(), "2025-06-26", firms[2], "是"],
           [p.person(), "2025-12-05", "霞浦街道办事处", "否"]])
    p.csv("data/小微园平台.csv", ["园区楼宇", "平台名称", "已建平台"],
          [["霞浦物流园", "物流园党群服务站", "是"], ["霞浦现代物流大厦", "楼宇党建服务点", "是"], ["大碶冷链物流园", "", "否"]])
    talks = [["2024-10-16", "产改政策进车队", names[1], 60], ["2024-12-11", "集卡司机权益保障", "区律师服务团", 45],
             ["2025-04-23", "产改政策进车队", names[1], 52], ["2025-07-29", "安全驾驶与职业发展", "区交警大队", 80], ["2025-10-28", "集卡司机技能提升政策", names[2], 46]]
    p.csv("data/宣讲会台账.csv", ["日期", "主题", "宣讲人", "参加人数"], talks)
    p.scan("B/B2.1/2025-04-23 宣讲会签到表.jpg")
    p.scan("B/B2.1/2025-07-29 宣讲会签到表.jpg")
    p.doc("B/B2.2/2025-04-30 四月星级司机名单.pdf", table_doc("四月“星级司机”名单", "", ["姓名", "车队", "星级"], [[p.person(), p.rng.choice(firms), "五星"] for _ in range(4)]))
    p.doc("B/B2.2/2024-12-30 年度星级司机表彰名单.pdf", table_doc("2024年度“星级司机”表彰名单", "", ["姓名", "车队"], [[p.person(), p.rng.choice(firms)] for _ in range(6)]))
    p.raw["B/B2.2/~$2025-06-30 六月星级司机名单.docx"] = b"\x06" + "李娜".encode("utf-16-le").ljust(108, b"\x20") + b"\x00" * 53
    # Evidence that must not count, as an officer under pressure might make it: six bytes of text
    # renamed as the meeting minutes A1.2 is short of, and (COPIES below) April's list copied
    # under an October date for the second list B2.2 is short of.
    p.raw["A/A1.2/2025-10-10 党工联席会议纪要.docx"] = "纪要".encode("utf-8")
    p.doc("B/B2.3/2024-11-15 产改沙龙活动记录.docx", article("集卡司机产改沙龙活动记录", ["围绕司机职业发展开展沙龙，30名司机参加。"], UNION))
    squad = [[p.person(), u, r] for u, r in [("区交通运输局", "科员"), ("区港航管理中心", "专员"), ("区总工会", "干事")]]
    p.csv("data/小分队成员.csv", ["姓名", "单位", "职务"], squad)
    p.csv("data/小分队下沉台账.csv", ["日期", "企业", "服务内容", "参加人员"],
          [["2024-12-12", firms[0], "冬季安全驾驶宣传", squad[0][0]], ["2025-03-19", firms[1], "运输许可证办理辅导", squad[1][0]],
           ["2025-06-11", firms[2], "司机权益政策宣讲", squad[2][0]], ["2025-09-17", firms[3], "超限运输政策解读", squad[0][0]]])
    for d, u in [("2022-04-10", "北仑交警大队"), ("2022-09-01", "宁波港集团"), ("2023-03-08", "霞浦卫生院")]:
        p.scan(f"B/B3.2/{d} 共建协议-{u}.jpg", "letter")
    p.csv("data/共建活动台账.csv", ["日期", "共建单位", "活动内容"],
          [["2024-09-20", "北仑交警大队", "安全驾驶培训"], ["2024-11-08", "宁波港集团", "码头开放日"], ["2025-05-15", "霞浦卫生院", "司机义诊"]])
    p.scan("C/C1.1/2021-05-20 党群服务中心平面图.png", "form")
    p.photo("C/C1.2/2025-02-18 服务大厅.jpg", "2025-02-18 09:00", "room")
    p.photo("C/C1.2/2025-02-18 职工活动室.jpg", "2025-02-18 09:06", "room")
    p.photo("C/C1.2/2025-02-18 开放时间公示牌.jpg", "2025-02-18 09:08", "plaque")
    p.photo("C/C2.1/锋领企服十条公示.jpg", "2024-12-30 16:00", "plaque")
    p.csv("data/企服服务台账.csv", ["日期", "企业", "条目编号", "服务内容"],
          [[d, p.rng.choice(firms), (i % 10) + 1, s] for i, (d, s) in enumerate(zip(p.dates(12), ["政策宣讲", "司机招聘", "子女入学", "融资对接", "法律服务", "技能培训",
                                                                                                  "用工保障", "安全生产", "商标注册", "纾困解难", "政策宣讲", "司机招聘"]))])
    p.csv("data/公共服务台账.csv", ["日期", "服务类别", "服务对象", "服务内容"],
          [[d, k, "集卡司机", c] for d, (k, c) in zip(p.dates(16), [("就业", "司机招聘会"), ("劳动保障", "工伤咨询"), ("提升发展", "驾驶证增驾补贴"), ("安家", "落户咨询"),
                                                                 ("住房", "司机公寓"), ("教育", "小候鸟暑期班"), ("就医", "司机义诊"), ("文体", "司机篮球赛")] * 2)])
    p.doc("C/C3.1/2024-05-10 网格划分图.pdf", table_doc("霞浦物流工业社区网格划分（2024年）", "", ["网格", "企业数"], [[g, 8] for g in grids]))
    p.csv("data/工作群.csv", ["群名称", "群类型", "成员数"], [["霞浦物流企业家群", "企业家群", 24], ["集卡司机之家群", "司机群", 480], ["物流HR群", "HR群", 22]])
    for d in ["2025-03-11", "2025-06-20", "2025-10-09"]:
        p.shot(f"C/C3.2/{d} 群聊截图.png")
    walk = [[d, p.rng.choice(firms), e, r] for d, (e, r) in zip(p.dates(12), [
        ("职工说事：夜间停车难", "协调堆场开放夜间车位"), ("走访：司机流失", "推送星级司机评价"), ("锋领答疑：运输证年审", "现场指导")] * 4)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["日期", "企业", "事项", "处理结果"])
    w.writerows(walk[:5])
    bad = walk[5]
    buf.write(f"{bad[0]},{bad[1]},司机反映港区道口排队时间长,已联系港区调度,增设预约通道\r\n")
    w.writerows(walk[6:])
    p.raw["data/走访台账.csv"] = buf.getvalue().encode("utf-8")
    issues = []
    for i, d in enumerate(p.dates(12)):
        done = i not in (1, 5, 9)
        fast = i not in (0, 4, 7, 10)
        firm, topic = p.rng.choice(firms), p.rng.choice(["夜间停车", "道口排队", "子女入学", "欠薪"])
        route = p.rng.choice([ROUTES[0], ROUTES[2]])
        days = p.rng.randint(1, 5) if fast else p.rng.randint(6, 12)
        # two rows keep the old topic-style entry 转办 instead of one of the three routes
        if i in (3, 8):
            route = "转办"
        issues.append(issue_row(d, firm, topic, route, "已办结" if done else "办理中", "已回访" if done else "跟进中", days,
                                answered=fast))
    p.xlsx("data/问题台账.xlsx", ISSUE_HEADER, issues)
    p.doc("D/D1.2/2024-08-20 产改实施方案参考本物流企业版.docx", notice("《非公企业产改实施方案（参考本）》物流企业版推广说明", "", ["物流企业可参照参考本制定产改方案。"], UNION, "2024-08-20"))
    p.doc("D/D2.1/2025-03-01 工匠学堂课程表.docx", table_doc("集卡司机工匠学堂课程表", "", ["月份", "课程"], [[f"{m}月", c] for m, c in zip(
        range(3, 15), ["安全驾驶", "危险品运输", "集装箱绑扎", "节油驾驶", "车辆保养", "应急处置", "法律常识", "心理健康", "智慧物流APP", "冬季驾驶", "急救", "年终复盘"])]))
    school = [[f"2025-{m:02d}-{p.rng.randint(5, 25):02d}", c, "讲师团", p.rng.randint(30, 70)] for m, c in zip(range(3, 13), ["安全驾驶", "危险品运输", "集装箱绑扎",
                                                                                                                        "节油驾驶", "车辆保养", "应急处置", "法律常识", "心理健康", "智慧物流APP", "冬季驾驶"])]
    p.xlsx("data/工匠学堂台账.xlsx", ["日期", "课程", "讲师", "参训人数"], school)  # truncated after conversion: see CORRUPT
    lect = [[p.person(), "宁波港联集装箱运输有限公司", "企业高层"], [p.person(), "北仑区劳模协会", "劳模工匠"], [p.person(), "浙江交通职业技术学院", "高校讲师"]]
    p.csv("data/讲师团.csv", ["姓名", "单位", "类别"], lect)
    for r in lect[:2]:
        p.scan(f"D/D2.2/2025-03-01 讲师聘书-{r[0]}.jpg", "letter")
    p.csv("data/培训台账.csv", ["日期", "培训名称", "参训人次"],
          [["2024-09-12", "集卡司机安全驾驶轮训", 800], ["2024-11-20", "冬季安全培训", 700], ["2025-04-15", "安全驾驶轮训", 600], ["2025-07-10", "防暑降温安全培训", 500],
           ["2025-10-22", "危险品运输培训", 300]])
    p.doc("D/D2.5/2024-06-01 星级司机成长体系评定办法.docx", notice("集卡司机“学生—准工—工匠—大师”成长体系评定办法（试行）", "", ["参照灵峰标准，将星级司机评价与成长体系衔接。"], UNION, "2024-06-01"))
    p.csv("data/成长体系名册.csv", ["姓名", "企业", "层级", "评定日期"], [[p.person(), p.rng.choice(firms), t, p.date()] for t in ["准工"] * 5 + ["工匠"] * 3])
    p.doc("D/D3.1/2025-06-05 集卡驾驶技能竞赛方案.docx", notice("2025年集卡驾驶技能竞赛方案", "", ["比赛项目：场地驾驶、集装箱绑扎、安全知识。"], UNION, "2025-06-05"))
    p.csv("data/竞赛台账.csv", ["日期", "竞赛名称", "工种", "参赛人数"],
          [["2025-04-18", "安全知识竞赛", "集卡司机", 60], ["2025-06-27", "集卡驾驶技能竞赛", "集卡司机", 42], ["2025-08-15", "集装箱绑扎比武", "绑扎工", 20],
           ["2025-10-17", "叉车技能比武", "叉车工", 16], ["2025-11-21", "汽修技能比武", "汽车维修工", 12]])
    p.csv("data/合理化建议台账.csv", ["提交日期", "企业", "提案人", "提案内容", "是否采纳"],
          [[d, p.rng.choice(firms), p.person(), c, a] for d, (c, a) in zip(p.dates(6), [("预约进港", "是"), ("司机休息区", "是"), ("油耗统计", "否")] * 2)])
    p.doc("D/D3.3/2024-05-28 集卡司机工匠创新工作室命名文件.pdf", notice("关于命名区级工匠创新工作室的决定", "仑工〔2024〕12号",
                                                               ["命名“霞浦集卡司机工匠创新工作室”为区级工匠创新工作室。"], "宁波市北仑区总工会", "2024-05-28"))
    p.csv("data/学历证书提升名册.csv", ["姓名", "企业", "类别", "名称", "取得日期"],
          [[p.person(), p.rng.choice(firms), k, nm, d] for d, (k, nm) in zip(p.dates(12), [("证书", "道路运输从业资格证"), ("证书", "危险货物运输资格证"), ("学历", "大专")] * 4)])
    p.doc("E/E1.2/2024-06-18 物流行业集体合同.pdf", notice("霞浦物流行业集体合同", "", ["约定集卡司机劳动定额、休息休假、劳动安全。"], "霞浦物流行业工会联合会", "2024-06-18"))
    p.csv("data/调解台账.csv", ["受理日期", "当事企业", "事由", "状态", "结果"],
          [[d, p.rng.choice(firms), e, s, r] for d, (e, s, r) in zip(p.dates(6), [("运费结算", "已办结", "调解成功"), ("工伤", "办理中", ""), ("欠薪", "已办结", "企业支付"),
                                                                                 ("解除合同", "办理中", ""), ("加班费", "已办结", "调解成功"), ("车辆挂靠纠纷", "已办结", "引导诉讼")])])
    p.doc("E/E2.1/2025-07-10 小候鸟假日学校开班通知.pdf", notice("关于2025年“小候鸟”假日学校开班的通知", "",
                                                          ["7月14日开班，接收集卡司机子女，提供课业辅导、安全教育和文体活动。"], UNION, "2025-07-10", "各运输企业、集卡司机之家"))
    for d, t in [("2025-07-14", "08:50"), ("2025-07-25", "10:20"), ("2025-08-08", "15:40")]:
        p.photo(f"E/E2.1/{d} 小候鸟假日学校.jpg", f"{d} {t}", "class")
    p.photo("E/E2.1/" + phone_name("2025-08-20 09:30", "mmexport"), "2025-08-20 09:30", "class", exif=False)
    p.csv("data/小候鸟名册.csv", ["姓名", "年龄", "家长", "家长单位", "报名日期"],
          [[p.person(), p.rng.randint(6, 13), p.person(), p.rng.choice(firms), p.date(months=[6, 7])] for _ in range(30)])
    p.photo("E/E2.2/2013-06-18 集卡司机之家挂牌.jpg", "2013-06-18 10:00", "plaque")
    p.doc("E/E2.2/2023-01-05 集卡司机之家星级司机评价办法.docx", notice("集卡司机之家星级司机评价办法", "", ["按安全、诚信、服务三项对司机星级评价，每季度评定一次。"], UNION, "2023-01-05"))
    p.csv("data/群体之家服务台账.csv", ["日期", "服务对象", "服务内容"],
          [[f"2025-{m:02d}-{p.rng.randint(2, 27):02d}", "集卡司机", s] for m, s in zip(range(1, 13), ["驿站热饭", "春节慰问", "车辆检测", "星级评价", "义诊", "防暑降温",
                                                                                              "小候鸟接送", "送清凉", "星级评价", "法律咨询", "车辆检测", "冬季慰问"])])
    p.csv("data/公益组织名册.csv", ["组织名称", "服务领域", "方式", "入驻日期"],
          [["集卡司机志愿车队", "应急救援", "培育", "2019-08-01"], ["霞浦社工站", "职工子女托管", "引入", "2021-06-15"],
           ["港城心理援助热线", "心理疏导", "引入", "2023-03-01"], ["霞浦巾帼志愿队", "志愿服务", "", "2024-05-20"]],
          encoding="utf-16", crlf=True)
    p.doc("E/E3.2/2024-03-01 司机驿站暖心服务项目方案.docx", notice("“司机驿站暖心服务”项目方案", "", ["为集卡司机提供热饭、休息、维修咨询服务。"], UNION, "2024-03-01"))
    p.doc("E/E3.2/2024-12-28 司机驿站暖心服务项目总结.docx", article("“司机驿站暖心服务”项目总结", ["全年服务司机1.2万人次。"], UNION))
    p.csv("data/困难职工帮扶名册.csv", ["姓名", "企业", "困难类型", "帮扶措施", "已帮扶", "帮扶日期"],
          [[p.person(), p.rng.choice(firms), k, m, a, d] for k, m, a, d in [("大病", "慰问金", "是", "2025-01-20"), ("工伤", "临时救助", "是", "2025-03-15"),
                                                                         ("子女就学", "助学金", "是", "2025-08-28"), ("大病", "医疗互助", "是", "2025-09-10"),
                                                                         ("因灾", "临时救助", "是", "2025-10-08"), ("单亲", "待评估", "否", "")]])
    p.csv("data/标准清单分工.csv", ["条目", "三级标准", "责任岗位", "责任人"], [[i, t, staff_posts[k % 6], names[k % 6]] for k, (i, t, _) in enumerate(ITEMS[:40])])
    idx = []
    for k, gap in enumerate([10, 35, 20, 50, 28, 40, 15, 62, 25, 31]):
        a = p.date()
        b = (_dt.date(*map(int, a.split("-"))) + _dt.timedelta(days=gap)).isoformat()
        idx.append([ITEMS[k * 5][0], f"{ITEMS[k * 5][1]}材料", a, b, gap])
    p.csv("data/台账目录.csv", ["条目", "文件", "活动日期", "归档日期", "归档天数"], idx)
    p.xlsx("F/F1.3/2024-06-28 年中自查表.xlsx", ["条目", "三级标准", "自查情况"], [[i, t, "推进中"] for i, t, _ in ITEMS])
    p.doc("F/F1.4/2026-01-08 2025年工作复盘.docx", article("霞浦物流工业社区2025年工作复盘", ["2025年集卡司机之家、小候鸟假日学校运行良好；8月发生集卡侧翻事故，安全网格管理存在漏洞。"], UNION))
    p.doc("F/F2.1/2025-01-15 述职报告.docx", article("霞浦物流工业社区工会工作述职报告", ["汇报2024年下半年及2025年工作打算。"], f"述职人：{chair}"))
    p.doc("F/F2.1/2025-08-20 上半年述职报告.docx", article("霞浦物流工业社区2025年上半年工会工作述职报告", ["上半年完成小候鸟暑期班筹备。"], f"述职人：{chair}"))
    p.doc("F/F2.1/2025-08-20 区总工会听取汇报会议纪要.pdf", minutes("区总工会听取工业社区工会工作汇报会议纪要", "2025-08-20", "区总工会会议室", "区总工会副主席",
                                                          ["区总工会组织部"], ["霞浦物流工业社区作工作汇报。"], "区总工会组织部"))
    p.doc("F/F2.2/2025-12-23 三定一统筹考核评分表.pdf", table_doc("2025年工业社区“三定一统筹”考核评分表（霞浦物流）", "考核单位：北仑区总工会", ["项目", "分值", "得分"],
                                                          [["定岗位职责", 12, 9], ["定目标考核", 13, 5], ["定工作保障", 13, 9], ["统筹人员使用", 12, 7], ["合计", 50, 30]], "考核等次：基本合格"))
    p.csv("data/整改清单.csv", ["条目", "问题", "责任人", "整改时限", "状态"],
          [[i, q, p.rng.choice(names), t, s] for i, q, t, s in [("A2.3", "年度计划印发晚", "2025-03-31", "已销号"), ("A3.2", "目标责任书未签订", "2025-03-31", "整改中"),
                                                               ("C3.1", "网格图未更新", "2025-06-30", "整改中"), ("D1.1", "规上企业覆盖率低", "2025-12-31", "整改中"),
                                                               ("E1.1", "入会率偏低", "2025-12-31", "已销号"), ("F1.2", "台账归档不及时", "2025-06-30", "已销号"),
                                                               ("F1.3", "未开展年中自查", "2025-06-30", "已销号"), ("B1.3", "冷链物流园未建平台", "2025-12-31", "已销号")]])
    p.csv("data/信息报送台账.csv", ["报送日期", "标题", "报送单位", "是否采用"],
          [["2024-09-05", "集卡司机之家升级", "北仑区总工会", "是"], ["2024-12-20", "小候鸟假日学校总结", "北仑区总工会", "否"], ["2025-08-01", "小候鸟飞进霞浦", "北仑区总工会", "是"]])
    p.doc("F/F2.4/2025-08-01 小候鸟飞进霞浦.docx", article("小候鸟飞进霞浦", ["霞浦物流工业社区把产改服务延伸到集卡司机家庭，今年暑期接收30名司机子女。"], "霞浦物流工业社区 供稿"))
    p.text("F/F2.4/2025-11-12 集卡司机之家信息.txt", "集卡司机之家开展冬季车辆免费检测\n\n11月12日，集卡司机之家联合汽修企业为120辆集卡开展免费检测。\n")
    p.doc("bonus/2025-10-20 省总工会典型案例通知.pdf", notice("关于公布全省新就业形态劳动者服务典型案例的通知", "", ["霞浦物流工业社区“集卡司机之家”入选。"], "浙江省总工会", "2025-10-20"))
    # E2.3: the drivers' apartment, a green channel and a short culture ledger (no rng)
    p.doc("E/E2.3/2025-03-05 司机公寓职工宿舍协议.pdf", notice("集卡司机公寓（职工宿舍）入住协议", "",
                                                     ["霞浦物流园司机公寓提供床位200个，集卡司机凭司机之家会员证按月入住。"], UNION, "2025-03-05"))
    p.doc("E/E2.3/2025-05-12 司机就医绿色通道协议.pdf", notice("集卡司机就医绿色通道协议", "",
                                                     ["霞浦街道社区卫生服务中心为集卡司机提供夜间门诊和优先就诊。"], UNION + "、霞浦街道社区卫生服务中心", "2025-05-12"))
    p.csv("data/文体活动台账.csv", ["日期", "活动名称", "参加人数"],
          [["2025-05-01", "司机篮球赛", 40], ["2025-08-10", "司机之家观影夜", 55]])
    p.text("data/indicators.yaml", indicators(
        service_center_area_m2=520, open_days_per_week=5, full_time_staff=6, funds_budget_yuan=80000, funds_spent_yuan=86420,
        above_scale_firms=10, above_scale_covered=7, above_scale_coverage=0.7, proposals_submitted=40, proposals_adopted=52,
        membership_rate=0.8, union_founding_rate=0.72, sanding_grade="基本合格"))
    return p


# Files damaged after conversion: (pack, path) -> keep this many leading bytes.
CORRUPT = {("xiapu-2025", "data/工匠学堂台账.xlsx"): 1800}
# Files copied byte for byte after conversion: (pack, copy) -> original.
COPIES = {("xiapu-2025", "B/B2.2/2025-10-31 十月星级司机名单.pdf"): "B/B2.2/2025-04-30 四月星级司机名单.pdf"}

# --------------------------------------------------------------------------------------------
# Build


def dated_as_named(rel: str, pdf: bytes) -> bytes:
    """A PDF made today, dated inside as its name says: an officer exports the minutes when they
    are written, and changai compares a PDF's /CreationDate with the date in its name. The date is
    rewritten in place, same length, so the PDF's cross-reference offsets stay valid. A name
    without a date keeps LibreOffice's date."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2}) ", Path(rel).name)
    if not m:
        return pdf
    stamp = ("D:%s%s%s010000" % m.groups()).encode()  # 09:00 in China, 01:00 UTC
    return re.sub(rb"/(CreationDate|ModDate)\(D:\d{14}", lambda d: b"/" + d.group(1) + b"(" + stamp, pdf)


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")
AMOUNT = re.compile(r"-?\d+\.\d+$")


def fods_cell(value, attrs: str = "") -> str:
    """One cell of a flat OpenDocument sheet: numbers as numbers, ISO dates as date cells (shown
    as 2025-03-05), any other text as text (so “2025年3月5日” stays what the officer typed)."""
    if value is None or value == "":
        return f"<table:table-cell{attrs}/>"
    if isinstance(value, str) and AMOUNT.match(value):  # an amount typed as 1234.50 is a number
        value = float(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if ISO_DATE.match(text):
        return (f'<table:table-cell{attrs} table:style-name="date" office:value-type="date" '
                f'office:date-value="{text}"><text:p>{text}</text:p></table:table-cell>')
    return f'<table:table-cell{attrs} office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def fods(sheet: str, header: list, rows: list, title: str, keeper: str, total: str, footer: tuple) -> str:
    """The register of `Pack.book` as a flat OpenDocument spreadsheet, for LibreOffice to save."""
    n = len(header)
    out = ["<table:table-row>" + fods_cell(title, f' table:number-columns-spanned="{n}"')
           + "<table:covered-table-cell/>" * (n - 1) + "</table:table-row>"]
    if keeper:
        out.append("<table:table-row>" + fods_cell(keeper) + fods_cell(None) * (n - 1) + "</table:table-row>")
    out.append("<table:table-row>" + "".join(fods_cell(h) for h in header) + "</table:table-row>")
    for r in rows:
        out.append("<table:table-row>" + "".join(fods_cell(v) for v in r) + "</table:table-row>")
    if total:
        k = header.index(total)
        sums = [None] * n
        sums[0] = "合计"
        sums[k] = sum(float(r[k]) for r in rows)
        out.append("<table:table-row>" + "".join(fods_cell(v) for v in sums) + "</table:table-row>")
    if footer:
        out.append("<table:table-row>" + fods_cell(None) * n + "</table:table-row>")
        for line in footer:
            out.append("<table:table-row>" + fods_cell(line) + fods_cell(None) * (n - 1) + "</table:table-row>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="iso"><number:year number:style="long"/><number:text>-</number:text>
 <number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/>
 </number:date-style>
 <style:style style:name="date" style:family="table-cell" style:data-style-name="iso"/>
</office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="{sheet}">
<table:table-column table:number-columns-repeated="{n}"/>
{''.join(out)}
</table:table></office:spreadsheet></office:body></office:document>
"""


# LibreOffice's export filter for each register format (.et: WPS saves the xls format by default).
BOOK_FILTERS = {".xlsx": ("xlsx", "xlsx:Calc MS Excel 2007 XML"), ".xls": ("xls", "xls:MS Excel 97"),
                ".et": ("xls", "xls:MS Excel 97"), ".ods": ("ods", "ods")}


def soffice(args: list, cwd: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("make-samples.py needs LibreOffice (soffice) on PATH")
    profile = cwd / "lo-profile"
    cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"] + args
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def build(p: Pack) -> None:
    out = HERE / p.name
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # html -> docx (all), then the pdf ones docx -> pdf
        keys = sorted(p.docs)
        (tmp / "html").mkdir()
        for k, rel in enumerate(keys):
            (tmp / "html" / f"d{k:03d}.html").write_text(p.docs[rel], encoding="utf-8")
        if keys:
            soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp / "docx")]
                    + [str(tmp / "html" / f"d{k:03d}.html") for k in range(len(keys))], tmp)
            pdfs = [k for k, rel in enumerate(keys) if rel.endswith(".pdf")]
            if pdfs:
                soffice(["--convert-to", "pdf", "--outdir", str(tmp / "pdf")] + [str(tmp / "docx" / f"d{k:03d}.docx") for k in pdfs], tmp)
        # csv -> xlsx in one call; the csv is named after the file, so the sheet is too (as in Excel)
        sk = sorted(p.sheets)
        (tmp / "csv").mkdir()
        srcs = []
        for rel in sk:
            header, rows = p.sheets[rel]
            src = tmp / "csv" / (Path(rel).stem + ".csv")
            assert src not in srcs, rel
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)
            src.write_text(buf.getvalue(), encoding="utf-8")
            srcs.append(src)
        if srcs:
            soffice(["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--infilter=CSV:44,34,76,1", "--outdir", str(tmp / "xlsx")]
                    + [str(s) for s in srcs], tmp)

        # registers as offices keep them: fods -> the named format, one LibreOffice call per format
        bk = sorted(p.books)
        (tmp / "fods").mkdir()
        for k, rel in enumerate(bk):
            header, rows, title, keeper, total, footer = p.books[rel]
            (tmp / "fods" / f"b{k:03d}.fods").write_text(
                fods(Path(rel).stem, header, rows, title, keeper, total, footer), encoding="utf-8")
        for ext, flt in sorted(set(BOOK_FILTERS.values())):
            srcs_b = [str(tmp / "fods" / f"b{k:03d}.fods") for k, rel in enumerate(bk)
                      if BOOK_FILTERS[Path(rel).suffix][0] == ext]
            if srcs_b:
                soffice(["--convert-to", flt, "--outdir", str(tmp / "books")] + srcs_b, tmp)

        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)

        def put(rel: str, data: bytes) -> None:
            cut = CORRUPT.get((p.name, rel))
            if cut:
                data = data[:cut]
            if rel.endswith(".pdf"):
                data = dated_as_named(rel, data)
            f = out / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(data)

        for rel, data in p.raw.items():
            put(rel, data)
        for k, rel in enumerate(keys):
            src = tmp / ("pdf" if rel.endswith(".pdf") else "docx") / f"d{k:03d}{Path(rel).suffix}"
            put(rel, src.read_bytes())
        for k, rel in enumerate(sk):
            put(rel, (tmp / "xlsx" / (srcs[k].stem + ".xlsx")).read_bytes())
        for k, rel in enumerate(bk):
            put(rel, (tmp / "books" / f"b{k:03d}.{BOOK_FILTERS[Path(rel).suffix][0]}").read_bytes())
        for (pack, copy), original in COPIES.items():
            if pack == p.name:
                f = out / copy
                f.parent.mkdir(parents=True, exist_ok=True)
                f.write_bytes((out / original).read_bytes())
    n = sum(1 for f in out.rglob("*") if f.is_file())
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"{p.name}: {n} files, {size / 1024:.0f} KiB")


def main(argv: list) -> None:
    makers = {"lingfeng-2025": lingfeng, "dagang-2025": dagang, "xiapu-2025": xiapu}
    wanted = argv or list(makers)
    for name in wanted:
        build(makers[name]())


if __name__ == "__main__":
    main(sys.argv[1:])
