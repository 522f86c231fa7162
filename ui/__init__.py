"""A thin Gradio browser UI over the `rag` API: chat with streamed, cited answers.

Start it with `python -m ui` (or `rag-ui`); build the app in code with `ui.app.build(bot)`.
"""
