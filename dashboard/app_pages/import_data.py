"""数据导入 Import: analysts upload CSV/XLSX files in the template format, see every problem and a
preview (new / changed / unchanged / rejected), confirm, and roll batches back.

Offered only when ``dashboard.settings.import_enabled()`` (env DJCX_ENABLE_IMPORT=1). All work is
done by ``etl.intake.service`` — the same code as ``python -m etl add`` — so the page writes the
warehouse only by replacing it atomically; other pages see the new figures on their next run.
The archive and batch log live in ``DJCX_DATA_DIR`` (default: the project's data/).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # when run on its own (AppTest, streamlit run of this file)
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from dashboard import settings  # noqa: E402
from dashboard.downloads import template_files  # noqa: E402
from etl import DATA_DIR  # noqa: E402
from etl.intake import archive, service  # noqa: E402
from etl.intake.preview import VERDICT_ZH, preview_frame, problems_frame, summary_line  # noqa: E402
from etl.intake.template import schema_markdown  # noqa: E402
from etl.intake.validate import Options  # noqa: E402
from etl.issues import ValidationError  # noqa: E402

UPLOAD_KEY = "imp_files"


def data_dir() -> Path:
    env = os.environ.get("DJCX_DATA_DIR", "").strip()
    return Path(env).expanduser() if env else DATA_DIR


def uploads_from(files) -> list[service.Upload]:
    """Streamlit UploadedFile objects (or (name, bytes) pairs) → uploads for the service."""
    out = []
    for f in files or []:
        if isinstance(f, tuple):
            out.append(service.Upload(f[0], f[1]))
        else:
            out.append(service.Upload(f.name, f.getvalue()))
    return out


def _preview(uploads: list[service.Upload], options: Options) -> service.AddResult:
    """Dry run, cached per files + options + warehouse and log state (a rerun costs nothing)."""
    wh = settings.warehouse_path()
    log = archive.log_path(data_dir())
    stamp = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in (wh, log))
    key = (tuple((u.name, hashlib.sha256(u.data).hexdigest()) for u in uploads), tuple(options.as_dict().items()),
           stamp)
    cache = st.session_state.setdefault("_imp_preview", {})
    if key not in cache:
        cache.clear()
        cache[key] = service.add(uploads, options, None, data_dir(), wh, dry_run=True)
    return cache[key]


def templates_section() -> None:
    st.markdown("#### 模板 Templates")
    cols = st.columns(3)
    for col, (label, fname, data, mime) in zip(cols, template_files(), strict=False):
        col.download_button(label, data, file_name=fname, mime=mime, icon=":material/download:")
    with st.expander("列说明 Column reference"):
        st.markdown(schema_markdown())


def upload_section() -> None:
    st.markdown("#### 上传 Upload")
    who = st.text_input("导入人 Loaded by", value=archive.who(), key="imp_who")
    files = st.file_uploader("CSV 或 Excel 文件（模板格式）/ CSV or Excel files in the template format",
                             type=["csv", "xlsx"], accept_multiple_files=True, key=UPLOAD_KEY)
    c1, c2, c3 = st.columns(3)
    options = Options(
        only_valid=c1.checkbox("只导入无误的行 Load only the valid rows", key="imp_only_valid"),
        accept_conflicts=c2.checkbox("确认替换冲突的数字 Replace conflicting figures", key="imp_accept"),
        new_indicators=c3.checkbox("未知指标作为新指标 Unknown indicators are new", key="imp_new_ind"),
    )
    uploads = uploads_from(files)
    if not uploads:
        st.caption("上传后先预览，确认后才写入 / nothing is written before you confirm the preview.")
        return
    try:
        result = _preview(uploads, options)
    except service.UsageError as exc:
        st.error(str(exc))
        return
    show_preview(result)
    if result.verdict != "load":
        return
    if st.button("确认导入 Load", type="primary", key="imp_load", icon=":material/upload:"):
        try:
            done = service.add(uploads, options, who, data_dir(), settings.warehouse_path())
        except service.UsageError as exc:
            st.error(str(exc))
            return
        st.session_state.pop("_imp_preview", None)
        if done.loaded:
            ids = ", ".join(str(b["batch_id"]) for b in done.batches)
            n = sum(b["facts_loaded"] for b in done.batches)
            st.session_state["imp_done"] = f"已导入 {n} 个数字（批次 {ids}）/ loaded {n} figures (batch {ids})"
        else:
            st.session_state["imp_done"] = VERDICT_ZH[done.verdict]
        st.rerun()


def show_preview(result: service.AddResult) -> None:
    for plan, verdict in zip(result.plans, result.verdicts, strict=True):
        box = {"load": st.success, "nothing": st.info, "conflict": st.warning}.get(verdict, st.error)
        box(summary_line(plan, verdict))
    problems = problems_frame(result.plans)
    if len(problems):
        st.markdown(f"**问题 Problems ({len(problems)})** — 行号与 Excel 一致（表头为第1行）/ rows as Excel shows them")
        st.dataframe(problems, hide_index=True, width="stretch")
    frame = preview_frame(result.plans, result.context)
    if len(frame):
        st.markdown("**预览 Preview**")
        st.dataframe(frame, hide_index=True, width="stretch")


def batches_section() -> None:
    st.markdown("#### 导入批次 Batches")
    rows = service.list_batches(data_dir())
    if not rows:
        st.caption("还没有导入批次 / no batches yet")
        return
    table = pd.DataFrame([{
        "batch": b["batch_id"], "when (UTC)": b["when"], "who": b["who"], "file": b["file_name"],
        "sha256": b["sha256"][:12], "rows": b["rows_in"], "new": b["rows_new"], "changed": b["rows_changed"],
        "rejected": b["rows_rejected"], "facts": b["facts_loaded"],
        "options": ", ".join(k for k, v in b["options"].items() if v) or "—",
        "state": (f"已撤销 rolled back {b.get('rolled_back_at')}" if b.get("rolled_back") else "有效 active"),
    } for b in reversed(rows)])
    st.dataframe(table, hide_index=True, width="stretch")
    active = [b["batch_id"] for b in rows if not b.get("rolled_back")]
    if not active:
        return
    c1, c2 = st.columns([2, 3])
    pick = c1.selectbox("撤销批次 Roll back batch", active[::-1], key="imp_rb_pick")
    sure = c2.checkbox(f"确认撤销批次 {pick}：删除它导入的全部数字 / remove every figure of batch {pick}",
                       key="imp_rb_sure")
    if st.button("撤销 Roll back", disabled=not sure, key="imp_rb_go", icon=":material/undo:"):
        try:
            service.rollback(int(pick), st.session_state.get("imp_who"), data_dir(), settings.warehouse_path())
        except (service.UsageError, ValidationError) as exc:
            st.error(str(exc))
            return
        st.session_state.pop("_imp_preview", None)
        st.session_state["imp_done"] = f"已撤销批次 {pick} / rolled back batch {pick}"
        st.rerun()


def main() -> None:
    # Same page head as the other pages; bilingual on one line because analysts' files mix both.
    st.markdown("<div class='djcx-pagehead'><h1>数据导入 · Import data</h1><p>"
                "按模板整理的 CSV/Excel（UTF-8 或 GBK 均可）：先检查、预览，确认后一次写入；每个文件存档，可撤销。"
                " / Template-format CSV or Excel (UTF-8 or GBK): checked and previewed, loaded in one step "
                "on confirmation, archived, and reversible.</p></div>", unsafe_allow_html=True)
    done = st.session_state.pop("imp_done", None)
    if done:
        st.success(done)
    templates_section()
    upload_section()
    batches_section()


main()
