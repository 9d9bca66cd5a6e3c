"""The text of each structure element of a tagged PDF, read with pdfminer.six, independently of
poppler: walks /StructTreeRoot, collects each MCID's text from the content streams (ToUnicode of
the glyphs drawn inside it) and prints one JSON object per leaf element, in tree order:
{"role": ..., "actual": its /ActualText or null, "content": the text of its marked content}.
Usage: structure_text.py FILE.pdf"""
import json
import sys

from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, resolve1
from pdfminer.psparser import PSLiteral


def text_string(value):
    value = resolve1(value)
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            return value[2:].decode("utf-16-be", "replace")
        return value.decode("latin-1")
    return None


class MarkedContentText(PDFDevice):
    """Text per (page id, MCID): the ToUnicode text of the glyphs inside each sequence."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.page = None
        self.stack = []
        self.texts = {}

    def begin_page(self, page, ctm):
        self.page = page.pageid

    def begin_tag(self, tag, props=None):
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self.stack.append(mcid)

    def end_tag(self):
        if self.stack:
            self.stack.pop()

    def render_string(self, textstate, seq, ncs, graphicstate):
        mcid = next((m for m in reversed(self.stack) if m is not None), None)
        if mcid is None:
            return
        font = textstate.font
        out = []
        for obj in seq:
            if not isinstance(obj, bytes):
                continue
            for cid in font.decode(obj):
                try:
                    out.append(font.to_unichr(cid))
                except Exception:
                    out.append("(cid:%d)" % cid)
        key = (self.page, mcid)
        self.texts[key] = self.texts.get(key, "") + "".join(out)


def main(path):
    with open(path, "rb") as f:
        document = PDFDocument(PDFParser(f))
        rsrcmgr = PDFResourceManager()
        device = MarkedContentText(rsrcmgr)
        interpreter = PDFPageInterpreter(rsrcmgr, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
        root = resolve1(document.catalog["StructTreeRoot"])
        leaves = []

        def page_id(ref):
            return ref.objid if isinstance(ref, PDFObjRef) else None

        def walk(element):
            element = resolve1(element)
            kids = resolve1(element.get("K"))
            if not isinstance(kids, list):
                kids = [kids]
            content = []
            children = False
            for kid in kids:
                obj = resolve1(kid)
                if isinstance(obj, int):
                    content.append(device.texts.get((page_id(element.get("Pg")), obj), ""))
                elif isinstance(obj, dict) and "S" in obj:
                    children = True
                    walk(obj)
                elif isinstance(obj, dict) and "MCID" in obj:
                    content.append(device.texts.get((page_id(obj.get("Pg", element.get("Pg"))), obj["MCID"]), ""))
            if not children:
                role = element.get("S")
                leaves.append({
                    "role": role.name if isinstance(role, PSLiteral) else str(role),
                    "actual": text_string(element.get("ActualText")),
                    "content": "".join(content),
                })

        top = resolve1(root.get("K"))
        for element in top if isinstance(top, list) else [top]:
            walk(element)
        for leaf in leaves:
            print(json.dumps(leaf, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
