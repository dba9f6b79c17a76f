"""`plan-qa serve`: load once, then serve the web app (added to the main CLI by `register`)."""

from __future__ import annotations

from typing import Annotated

import typer

from plan_qa.app.auth import auth_from_env, exposure_warning
from plan_qa.cli_common import CorpusOption, console, err_console, fail

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def serve(
    host: Annotated[str, typer.Option("--host", envvar="PLAN_QA_HOST", help="Địa chỉ lắng nghe.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", envvar="PLAN_QA_PORT", help="Cổng.")] = DEFAULT_PORT,
    corpus: CorpusOption = None,
) -> None:
    """Mở ứng dụng web hỏi đáp (mặc định http://127.0.0.1:7860; đăng nhập nếu đặt PLAN_QA_USERNAME/PASSWORD)."""
    from plan_qa.app.build import launch
    from plan_qa.app.splash import loading_page
    from plan_qa.app.state import AppConfig, AppState
    from plan_qa.config import Settings
    from plan_qa.embeddings import EmbeddingModelError
    from plan_qa.index import IndexError_

    try:
        auth = auth_from_env()
        config = AppConfig.from_env(auth=auth)
        waiting = f"Đang nạp mô hình và chỉ mục… (trang chờ tại http://{host}:{port})"
        with loading_page(host, port), console.status(waiting):
            state = AppState.load(Settings.from_env(corpus_dir=corpus), config)
    except (EmbeddingModelError, IndexError_, ValueError, OSError) as error:
        raise fail(error) from error
    if warning := exposure_warning(host, auth):
        err_console.print(f"[bold red]{warning}[/bold red]", highlight=False)
    console.print(f"Ứng dụng chạy tại http://{host}:{port}" + (" (cần đăng nhập)" if auth else ""))
    launch(state, host, port, auth)


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the main CLI."""
    app.command("serve")(serve)
