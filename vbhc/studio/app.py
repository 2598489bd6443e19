"""The studio's web application: thin handlers over ``documents``, ``preview`` and ``jobs``.

Safety, for a server any web page in the clerk's browser could try to reach:
- it listens on 127.0.0.1 only (``vbhc.studio.server``), and refuses requests whose Host
  is not that address (a DNS-rebinding page cannot borrow it);
- every request that changes or renders something carries the token of this start, and
  is refused when it comes from another Origin;
- paths are relative to the folder it serves (``Workspace.resolve``).
"""

from __future__ import annotations

import asyncio
import json
import secrets
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from vbhc.core.errors import OutputError, VbhcError
from vbhc.importer.source import SourceError
from vbhc.kinds import KINDS
from vbhc.studio import documents, importing
from vbhc.studio.jobs import BatchJobs
from vbhc.studio.preview import Preview, Previewer, problem_json
from vbhc.studio.workspace import Workspace

HERE = Path(__file__).parent
TOKEN_HEADER = "x-vbhc-token"
MAX_BODY = 5_000_000  # bytes: a data file is tens of KB


class Studio:
    """The state of one running studio: its folder, token, previews and batch jobs."""

    def __init__(self, root: Path, port: int = 0, office: Any = None) -> None:
        self.workspace = Workspace(root)
        self.token = secrets.token_urlsafe(24)
        self.port = port
        self.previewer = Previewer(office)
        self.jobs = BatchJobs()
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))

    def allowed_hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}


def create_app(studio: Studio) -> Starlette:
    """Return the ASGI application serving ``studio``."""

    def page(name: str, request: Request, **values: Any) -> HTMLResponse:
        return studio.templates.TemplateResponse(
            request, name, {"token": studio.token, "kinds": KINDS, **values})

    async def index(request: Request) -> Response:
        return page("index.html", request, files=studio.workspace.data_files(),
                    folder=studio.workspace.root.name, max_upload=importing.MAX_UPLOAD,
                    too_large=importing.too_large_message())

    async def editor(request: Request) -> Response:
        try:
            opened = documents.open_document(studio.workspace,
                                             request.query_params.get("tep", ""))
        except VbhcError as error:
            return page("error.html", request, message=error.format_message())
        tree = documents.form(opened.kind, opened.state, opened.text)
        # -- "</" would end the <script> holding the data: JSON allows "<\/" --
        state_json = json.dumps(opened.state, ensure_ascii=False).replace("</", "<\\/")
        return page("editor.html", request, opened=opened, tree=tree, state_json=state_json)

    async def form_change(request: Request) -> Response:
        body = await _body(request)
        state = documents.change(body["state"], body["thao_tac"], body["duong_dan"],
                                 body.get("khoa", ""), body.get("muc_moi", ""))
        return _form_reply(studio, request, body, state)

    async def from_yaml(request: Request) -> Response:
        body = await _body(request)
        path = studio.workspace.resolve(body["tep"])
        from vbhc.data.loading import load_yaml
        from vbhc.data.yaml_roundtrip import plain

        state = plain(load_yaml(path, body["yaml"]).data)
        return _form_reply(studio, request, body, state)

    async def rendered(body: dict[str, Any]) -> tuple[Path, str, Preview]:
        """Return the file, its edited text and their preview (the newest edit wins)."""
        path = studio.workspace.resolve(body["tep"])
        text = documents.edited_text(body.get("goc", ""), body["state"])
        number = studio.previewer.request(path)
        result = await asyncio.to_thread(studio.previewer.preview, number, body.get("loai"),
                                         path, text)
        return path, text, result

    async def preview(request: Request) -> Response:
        _, text, result = await rendered(await _body(request))
        return JSONResponse({
            "so": result.number, "bi_thay": result.superseded, "loi": result.error,
            "van_de": [problem_json(p) for p in result.problems],
            "kiem_tra": result.findings, "yaml": text, "ten": result.names,
            "trang": [{"anh": f"/anh/{result.number}/{i}.png", "chu": p.text}
                      for i, p in enumerate(result.pages)]})

    async def page_image(request: Request) -> Response:
        number, index = int(request.path_params["so"]), int(request.path_params["trang"])
        kept = studio.previewer.kept.get(number)
        if kept is None or index >= len(kept.pages):
            return Response("Không còn trang này: hãy sửa lại để xem trước.", 404)
        return Response(kept.pages[index].png, media_type="image/png",
                        headers={"Cache-Control": "private, max-age=600"})

    async def save(request: Request) -> Response:
        body = await _body(request)
        try:
            new_version, problems, text = await asyncio.to_thread(
                documents.save, studio.workspace, body["tep"], body["state"],
                body["phien_ban"], confirmed=bool(body.get("xac_nhan")))
        except documents.NeedsConfirmation as error:
            return JSONResponse({"can_xac_nhan": True, "loi": error.format_message()}, 409)
        except documents.Conflict as error:
            return JSONResponse({"xung_dot": True, "loi": error.format_message()}, 409)
        return JSONResponse({"phien_ban": new_version, "yaml": text,
                             "van_de": [problem_json(p) for p in problems]})

    async def download(request: Request) -> Response:
        path, _, result = await rendered(await _body(request))
        errors = [p for p in result.problems if not p.warning]
        if errors or not result.docx:
            raise VbhcError("dữ liệu còn lỗi, chưa tạo được văn bản: "
                            + "; ".join(str(p) for p in errors[:5]) or result.error)
        stem = path.stem
        if request.path_params["dang"] == "docx":
            return _attachment(result.docx, f"{stem}.docx", "application/vnd.openxmlformats-"
                               "officedocument.wordprocessingml.document")
        pdf = await asyncio.to_thread(_pdf_bytes, studio, result.docx)
        return _attachment(pdf, f"{stem}.pdf", "application/pdf")

    async def new(request: Request) -> Response:
        body = await _body(request)
        relative = documents.new_document(studio.workspace, body["loai"], body.get("ten", ""))
        return JSONResponse({"tep": relative})

    async def import_word(request: Request) -> Response:
        # -- the file is the raw body (no multipart); its name and the target in the query --
        query = request.query_params
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > importing.MAX_UPLOAD:
            return JSONResponse({"loi": importing.too_large_message()}, 413)
        try:
            done = await importing.import_stream(
                studio.workspace, request.stream(), query.get("ten_goc", ""),
                query.get("tep", ""), overwrite=query.get("ghi_de") == "1")
        except importing.UploadTooLarge as error:
            return JSONResponse({"loi": error.format_message()}, 413)
        except importing.TargetExists as error:
            return JSONResponse({"can_xac_nhan": True, "loi": error.format_message()}, 409)
        except (SourceError, OutputError) as error:
            return JSONResponse({"loi": error.format_message()}, 422)
        return JSONResponse({"tep": done.path, "loai": done.kind, "ghi_chu": done.notes,
                             "con_lai": [{"trang": page, "chu": text}
                                         for page, text in done.leftovers]})

    async def batch_start(request: Request) -> Response:
        body = await _body(request)
        path = studio.workspace.resolve(body["tep"])
        output = studio.workspace.root / "output" / path.stem
        job = studio.jobs.start(body.get("loai") or "ke-hoach", path, output)
        return JSONResponse({"viec": job.id})

    async def batch_status(request: Request) -> Response:
        job = studio.jobs.jobs.get(request.path_params["viec"])
        if job is None:
            return JSONResponse({"loi": "không có việc này"}, 404)
        return JSONResponse({"xong": job.done, "tong": job.total, "ket_thuc": job.finished,
                             "loi": job.error, "don_vi_loi": job.failures,
                             "zip": f"/zip/{job.id}" if job.archive else ""})

    async def batch_zip(request: Request) -> Response:
        job = studio.jobs.jobs.get(request.path_params["viec"])
        if job is None or job.archive is None:
            return Response("Chưa có tệp nén.", 404)
        return _attachment(job.archive.read_bytes(), job.archive.name, "application/zip")

    routes = [
        Route("/", index), Route("/sua", editor),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/api/bieu-mau", form_change, methods=["POST"]),
        Route("/api/yaml", from_yaml, methods=["POST"]),
        Route("/api/xem-truoc", preview, methods=["POST"]),
        Route("/api/luu", save, methods=["POST"]),
        Route("/api/tai/{dang:str}", download, methods=["POST"]),
        Route("/api/moi", new, methods=["POST"]),
        Route("/api/nhap", import_word, methods=["POST"]),
        Route("/api/hang-loat", batch_start, methods=["POST"]),
        Route("/api/hang-loat/{viec:str}", batch_status),
        Route("/zip/{viec:str}", batch_zip),
        Route("/anh/{so:int}/{trang:int}.png", page_image),
        Mount("/tinh", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={VbhcError: _vbhc_error,
                                                       KeyError: _missing_key})
    app.add_middleware(_Guard, studio=studio)
    return app


class _Guard:
    """Refuse foreign hosts, foreign origins and state changes without the token."""

    def __init__(self, app: Any, studio: Studio) -> None:
        self.app, self.studio = app, studio

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refusal(scope["method"], headers)
        if refusal:
            await JSONResponse({"loi": refusal}, 403)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, method: str, headers: dict[str, str]) -> str:
        hosts = self.studio.allowed_hosts()
        if headers.get("host") not in hosts:
            return "chỉ phục vụ trên máy này (127.0.0.1)"
        origin = headers.get("origin")
        if origin is not None and origin.removeprefix("http://") not in hosts:
            return "yêu cầu từ trang web khác bị từ chối"
        if method != "GET" and not secrets.compare_digest(headers.get(TOKEN_HEADER, ""),
                                                          self.studio.token):
            return "thiếu mã phiên làm việc: hãy tải lại trang"
        return ""


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise VbhcError("dữ liệu gửi lên quá lớn")
    try:
        body = json.loads(raw)
    except ValueError:
        raise VbhcError("yêu cầu không phải JSON hợp lệ") from None
    if not isinstance(body, dict):
        raise VbhcError("yêu cầu không phải JSON hợp lệ")
    return body


def _form_reply(studio: Studio, request: Request, body: dict[str, Any],
                state: dict[str, Any]) -> Response:
    tree = documents.form(body.get("loai") or "ke-hoach", state, body.get("goc", ""))
    html = studio.templates.get_template("form.html").render(tree=tree)
    return JSONResponse({"html": html, "state": state})


def _pdf_bytes(studio: Studio, docx: bytes) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="vbhc-tai-") as folder:
        source = Path(folder) / "van_ban.docx"
        source.write_bytes(docx)
        studio.previewer.office.convert(source, source.with_suffix(".pdf"))
        return source.with_suffix(".pdf").read_bytes()


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    from urllib.parse import quote

    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})


async def _vbhc_error(request: Request, error: Exception) -> Response:
    message = error.format_message() if isinstance(error, VbhcError) else str(error)
    return JSONResponse({"loi": message}, 400)


async def _missing_key(request: Request, error: Exception) -> Response:
    return JSONResponse({"loi": f"yêu cầu thiếu trường {error}"}, 400)
