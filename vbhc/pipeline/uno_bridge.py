"""A conversion server run by LibreOffice's own Python (it imports ``uno``): not by vbhc.

``vbhc.pipeline.office`` starts it as ``<LibreOffice python> uno_bridge.py SOFFICE PROFILE
PIPE`` and talks to it over stdin/stdout, one JSON line per request. It starts a headless
soffice listening on a named pipe, connects once, and then converts each requested .docx
to PDF in that running office: about 0.2 s a document instead of a second or more for a
fresh ``soffice --convert-to``.

Protocol: the bridge prints ``{"ready": true}`` once connected; then for each request
``{"docx": PATH, "pdf": PATH}`` it prints ``{"ok": true}`` or ``{"ok": false, "error": TEXT}``.
It exits when stdin closes, closing the office with it.
"""

import json
import subprocess
import sys
import time

import uno  # LibreOffice's Python only
from com.sun.star.beans import PropertyValue

DOCX_IMPORT_FILTER = "MS Word 2007 XML"
CONNECT_SECONDS = 60


def _property(name, value):  # noqa: ANN001, ANN202 - UNO values
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _reply(**message) -> None:  # noqa: ANN003
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _connect(pipe: str):  # noqa: ANN202
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context)
        except Exception:  # noqa: BLE001 - the office is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _convert(desktop, docx: str, pdf: str) -> None:  # noqa: ANN001
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(docx), "_blank", 0,
        (_property("Hidden", True), _property("ReadOnly", True),
         _property("FilterName", DOCX_IMPORT_FILTER)))
    if document is None:
        raise RuntimeError("LibreOffice không mở được tệp .docx")
    try:
        document.storeToURL(uno.systemPathToFileUrl(pdf),
                            (_property("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)


def main() -> None:
    soffice, profile, pipe = sys.argv[1:4]
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = _connect(pipe)
        _reply(ready=True)
        for line in sys.stdin:
            request = json.loads(line)
            try:
                _convert(desktop, request["docx"], request["pdf"])
                _reply(ok=True)
            except Exception as error:  # noqa: BLE001 - reported to vbhc, which decides
                _reply(ok=False, error=str(error) or type(error).__name__,
                       office_gone=office.poll() is not None)
                if office.poll() is not None:
                    return  # -- the office died: vbhc starts a fresh bridge next time --
    finally:
        office.kill()


if __name__ == "__main__":
    main()
