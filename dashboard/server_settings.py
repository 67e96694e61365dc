"""The server settings the app will not run without, wherever the server was started from (#22 item 21).

Streamlit reads ``.streamlit/config.toml`` from the current folder and from the main script's folder. The app's
own settings live beside it (``dashboard/.streamlit/config.toml``), so ``streamlit run /path/to/dashboard/app.py``
from any folder, a service unit's for example, listens on 127.0.0.1 with the intake's upload limit and the data
grid's own CSV download off. What a command-line flag or a ``STREAMLIT_*`` variable changes still holds; so that
nothing unsafe is served by accident, a real server whose settings are unsafe shows what is wrong and how to
start it right, and serves nothing else: no data, no sign-in form, no uploader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from streamlit import config

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
UPLOAD_MB = 20      # the app's own upload limit (config.toml); a smaller DJCX_MAX_FILE_MB is held by the intake
FLAG = "command-line argument or environment variable"     # Streamlit's where_defined for a flag or STREAMLIT_*


@dataclass(frozen=True)
class Problem:
    option: str
    value: object
    zh: str
    en: str


def problems(get: Callable[[str], object], where: Callable[[str], str], max_file_mb: float) -> list[Problem]:
    """What is unsafe in these settings (``get`` an option's value, ``where`` where it was set)."""
    out = []
    address = get("server.address")
    if str(address or "") not in LOOPBACK and where("server.address") != FLAG:
        # unset, Streamlit listens on every interface; beyond this machine only by choice: a flag (make run's
        # ADDRESS) or STREAMLIT_SERVER_ADDRESS, not a config file found in whatever folder it was started from
        out.append(Problem("server.address", address or "*",
                           f"服务器在 {address or '所有网络接口'} 上监听，但这不是启动参数指定的",
                           f"the server listens on {address or 'every network interface'}, "
                           "which no command-line flag asked for"))
    upload = get("server.maxUploadSize")
    if upload is None or float(upload) > max(float(max_file_mb), UPLOAD_MB):
        out.append(Problem("server.maxUploadSize", upload,
                           f"上传上限 {upload} MB 高于导入上限 {max(float(max_file_mb), UPLOAD_MB):g} MB",
                           f"the upload limit, {upload} MB, is above the intake's "
                           f"{max(float(max_file_mb), UPLOAD_MB):g} MB"))
    if get("client.disableDataExport") is not True:
        out.append(Problem("client.disableDataExport", get("client.disableDataExport"),
                           "数据表自带的 CSV 下载未关闭（不中和公式）",
                           "the data grid's own CSV download is on (it does not neutralise formulas)"))
    if get("server.enableXsrfProtection") is not True:
        out.append(Problem("server.enableXsrfProtection", get("server.enableXsrfProtection"),
                           "跨站请求伪造（XSRF）保护已关闭", "XSRF protection is off"))
    return out


def served_by_a_server() -> bool:
    """True under ``streamlit run`` (not in AppTest, which reads no config file and starts no server)."""
    return getattr(config, "_server_mode", None) is not None


def current_problems(max_file_mb: float) -> list[Problem]:
    if not served_by_a_server():
        return []
    return problems(config.get_option, config.get_where_defined, max_file_mb)
