"""The Gradio web app officials use: a thin shell over the Python API.

`plan_qa.app.build.build_app(AppState.load())` gives the gr.Blocks; `plan-qa serve`
(`plan_qa.app.cli`) launches it. Nothing is imported here so that the CLI starts
without loading Gradio.
"""
