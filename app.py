"""Start the plan-qa web app: `python app.py [--host 127.0.0.1] [--port 7860]` (same as `plan-qa serve`)."""

import typer

from plan_qa.app.cli import serve
from plan_qa.ingest.limits import bound_parsing

if __name__ == "__main__":
    bound_parsing()
    typer.run(serve)
