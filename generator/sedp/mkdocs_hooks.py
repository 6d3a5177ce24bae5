"""The only mkdocs-specific piece: lets `mkdocs build` and `mkdocs serve` run
from the repository root. Before each build it validates plans/, writes the
generated pages into build/docs and gives mkdocs the Vietnamese navigation;
after it, Pagefind indexes the built site for search (as `sedp build` does).
Another engine reading mkdocs.yml can use `sedp build`'s pages instead."""

from __future__ import annotations

from pathlib import Path


def on_config(config, **kwargs):
    from mkdocs.exceptions import PluginError

    from sedp.core.errors import SedpError
    from sedp.publish.build import GENERATED, generate, one_build_at_a_time, write_docs, write_documents

    project = Path(config.config_file_path).resolve().parent
    try:
        with one_build_at_a_time(project):
            generated = generate(project)
            if not generated.report.ok:
                lines = "\n".join(p.format() for p in generated.report.sorted())
                raise PluginError(f"Kế hoạch có lỗi, chưa dựng trang:\n{lines}\n{generated.report.summary()}")
            docs = project / GENERATED / "docs"
            write_docs(generated, docs)
            write_documents(project, generated, docs)  # cached: only changed plans call pandoc
    except SedpError as exc:
        raise PluginError("\n".join([*exc.details, exc.message])) from None
    config.docs_dir = str(docs)
    config.nav = generated.nav
    return config


def on_post_build(config, **kwargs):
    from mkdocs.exceptions import PluginError

    from sedp.core.errors import SedpError
    from sedp.publish.search import index_site

    try:
        index_site(Path(config.site_dir))
    except SedpError as exc:
        raise PluginError("\n".join([*exc.details, exc.message])) from None
